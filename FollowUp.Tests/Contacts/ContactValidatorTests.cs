using FollowUp.Engine.Contacts;
using FollowUp.Engine.Http;

namespace FollowUp.Tests.Contacts;

public sealed class ContactValidatorTests
{
    [Theory]
    [InlineData("ann@example.com", "ann@example.com")]
    [InlineData("  Ann.Lee+shop@Example.CO.UK ", "ann.lee+shop@example.co.uk")]
    [InlineData("not-an-email", null)]
    [InlineData("ann@localhost", null)]
    [InlineData("Ann <ann@example.com>", null)]
    [InlineData("ann@@example.com", null)]
    [InlineData("ann@example.", null)]
    public void NormaliseEmail_Theory(string input, string? expected)
    {
        Assert.Equal(expected, ContactValidator.NormaliseEmail(input));
    }

    [Theory]
    [InlineData("+14155550123", "+14155550123")]
    [InlineData("+447911123456", "+447911123456")]
    [InlineData("+33612345678", "+33612345678")]
    [InlineData("4155550123", null)]
    [InlineData("+1 415 555 0123", null)]
    [InlineData("+1415555012", null)]
    [InlineData("+999123456789", null)]
    [InlineData("+abc", null)]
    public void NormalisePhone_AcceptsOnlyValidE164(string input, string? expected)
    {
        Assert.Equal(expected, ContactValidator.NormalisePhone(input));
    }

    [Theory]
    [InlineData("Europe/Paris", true)]
    [InlineData("America/Chicago", true)]
    [InlineData("Pacific/Kiritimati", true)]
    [InlineData("UTC", true)]
    [InlineData("Mars/Olympus", false)]
    [InlineData("Central Standard Time", false)]
    [InlineData("", false)]
    public void IsIanaTimeZone_Theory(string id, bool expected)
    {
        Assert.Equal(expected, ContactValidator.IsIanaTimeZone(id));
    }

    [Fact]
    public void Validate_NeitherEmailNorPhone_NamesContact()
    {
        var errors = new ValidationErrors();

        Assert.Null(ContactValidator.Validate(new ContactRequest(null, null, "Ann", null, null), "contact", errors));
        Assert.Equal(["contact"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Validate_SeveralBadFields_NamesEach()
    {
        var errors = new ValidationErrors();

        ContactValidator.Validate(new ContactRequest("nope", "0123", null, null, "Nowhere/City"), "contact", errors);

        Assert.Equal(["contact.email", "contact.phone", "contact.timeZone"], errors.ToDictionary().Keys.Order());
    }
}
