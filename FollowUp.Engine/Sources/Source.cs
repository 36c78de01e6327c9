namespace FollowUp.Engine.Sources;

/// <summary>A configured source of contacts: how its deliveries are checked and what each kind of delivery does.</summary>
/// <param name="Id">The source's id, part of its delivery URL.</param>
/// <param name="Kind">How its deliveries are authenticated and read.</param>
/// <param name="SecretSetting">The app setting that holds its signing secret; null for forms. The secret itself is never stored.</param>
/// <param name="On">What each trigger (topic, type, <c>submit</c>) does.</param>
/// <param name="Form">The settings of a form source; null for other kinds.</param>
/// <param name="UpdatedUtc">When the source was last saved.</param>
public sealed record Source(string Id, SourceKind Kind, string? SecretSetting, IReadOnlyDictionary<string, SourceAction> On, FormSettings? Form, DateTimeOffset UpdatedUtc);

/// <summary>What a delivery does: enroll the contact into a sequence, raise a named event, or both.</summary>
/// <param name="Enroll">The sequence to enroll the contact into, or null.</param>
/// <param name="Event">The event to raise for the contact, or null.</param>
public sealed record SourceAction(string? Enroll, string? Event);

/// <summary>How a form source answers browsers and reads their fields.</summary>
/// <param name="RedirectUrl">Where a browser is sent after a submission (303); null shows a small confirmation page.</param>
/// <param name="AllowedOrigins">The origins (<c>https://acme.example</c>) whose scripts may post; CORS is answered for these only.</param>
/// <param name="Honeypot">A field that people leave empty and bots fill in; a filled one enrolls nothing.</param>
/// <param name="Fields">The names of the form fields that hold the contact.</param>
/// <param name="Captcha">The CAPTCHA every submission must pass, or null for none.</param>
/// <param name="DoubleOptIn">Whether a submission waits until its contact confirms by a signed link; null for the default: on when it gives a phone, off otherwise.</param>
public sealed record FormSettings(Uri? RedirectUrl, IReadOnlyList<string> AllowedOrigins, string Honeypot, FormFields Fields, Forms.CaptchaSettings? Captcha = null, bool? DoubleOptIn = null);

/// <summary>The form fields that hold the contact; every other field goes into the enrollment's data.</summary>
public sealed record FormFields(string Email = "email", string Phone = "phone", string Name = "name", string FirstName = "first_name", string LastName = "last_name");
