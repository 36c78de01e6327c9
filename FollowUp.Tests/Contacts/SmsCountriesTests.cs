using FollowUp.Engine;
using FollowUp.Engine.Contacts;
using FollowUp.Engine.Http;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace FollowUp.Tests.Contacts;

public sealed class SmsCountriesTests
{
    private static SmsCountries Countries(Action<FollowUpOptions> change)
    {
        var options = new FollowUpOptions();
        change(options);
        return new SmsCountries(Options.Create(options));
    }

    /// <summary>A valid number of a satellite or international network (libphonenumber region 001).</summary>
    private static string NonGeographic(int callingCode)
    {
        var phones = PhoneNumberUtil.GetInstance();
        return phones.Format(phones.GetExampleNumberForNonGeoEntity(callingCode), PhoneNumberFormat.E164);
    }

    [Theory]
    [InlineData(SmsProvider.Outbox, "+15550100000", null, "US")]
    [InlineData(SmsProvider.Outbox, "+447700900123", null, "GB")]
    [InlineData(SmsProvider.Twilio, "+15550100000", "+33612345678", "FR")]
    [InlineData(SmsProvider.Twilio, "+16135550123", null, "CA")]
    public void Allowed_Unset_IsTheCountryOfTheSendingNumber(SmsProvider provider, string smsFrom, string? twilioFrom, string expected)
    {
        var countries = Countries(o =>
        {
            o.Sms.Provider = provider;
            o.Sms.From = smsFrom;
            o.Twilio.From = twilioFrom;
        });

        Assert.Equal([expected], countries.Allowed);
    }

    [Fact]
    public void Allowed_Setting_IsReadAsUpperCaseCodes()
    {
        var countries = Countries(o => o.Sms.AllowedCountries = " us, Ca ,");

        Assert.Equal(["CA", "US"], countries.Allowed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("+14155550123", true)]
    [InlineData("+16135550123", false)]
    [InlineData("+447911123456", false)]
    [InlineData("+33612345678", false)]
    [InlineData("+1415555012", false)]
    public void Allows_OnlyNumbersOfTheListedCountries(string phone, bool allowed) =>
        Assert.Equal(allowed, Countries(o => o.Sms.AllowedCountries = "US").Allows(phone));

    [Theory]
    [InlineData(881)]
    [InlineData(882)]
    [InlineData(883)]
    [InlineData(870)]
    public void Allows_SatelliteAndInternationalNetworks_Never(int callingCode)
    {
        var number = NonGeographic(callingCode);
        Assert.Equal("001", SmsCountries.RegionOf(number));

        Assert.False(Countries(o => o.Sms.AllowedCountries = "US,GB,FR").Allows(number));
        Assert.False(Countries(o => o.Sms.AllowedCountries = "001").Allows(number));
    }

    [Fact]
    public void Check_PhoneOutsideTheList_NamesContactPhoneWithoutTheNumber()
    {
        var errors = new ValidationErrors();

        Countries(o => o.Sms.AllowedCountries = "US,CA").Check(new ContactRequest(null, "+447911123456", null, null, null), "contact", errors);

        var (field, messages) = Assert.Single(errors.ToDictionary());
        Assert.Equal("contact.phone", field);
        Assert.Contains("CA, US", Assert.Single(messages), StringComparison.Ordinal);
        Assert.DoesNotContain("7911", messages[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("US,XX", null, "'XX' is not one")]
    [InlineData("001", null, "'001' is not one")]
    [InlineData(null, "ACME", "is required when the sending number names no country")]
    public void Validate_UnreadableCountries_NamesTheSetting(string? allowed, string? smsFrom, string reason)
    {
        var options = new FollowUpOptions();
        options.Sms.AllowedCountries = allowed;
        options.Sms.From = smsFrom ?? options.Sms.From;

        var result = new FollowUpOptionsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(SmsCountries.Setting, failure, StringComparison.Ordinal);
        Assert.Contains(reason, failure, StringComparison.Ordinal);
    }
}
