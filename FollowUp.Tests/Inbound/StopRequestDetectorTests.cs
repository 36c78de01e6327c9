using FollowUp.Engine.Inbound;

namespace FollowUp.Tests.Inbound;

/// <summary>What counts as a reply's request in words to be sent nothing more, and what does not.</summary>
public sealed class StopRequestDetectorTests
{
    [Theory]
    // English
    [InlineData("Please remove me from your list.", "remove me from your list")]
    [InlineData("please remove me", "remove me")]
    [InlineData("Unsubscribe", "Unsubscribe")]
    [InlineData("UNSUBSCRIBE ME", "UNSUBSCRIBE ME")]
    [InlineData("Stop.", "Stop")]
    [InlineData("Hi Bob,\n\nI'd like to unsubscribe.\n\nThanks\nAnn", "unsubscribe")]
    [InlineData("Stop emailing me.", "Stop emailing me")]
    [InlineData("Please stop sending me emails", "stop sending me emails")]
    [InlineData("Not interested, take me off your list.", "take me off your list")]
    [InlineData("Not interested - take me off your mailing list please", "take me off your mailing list")]
    [InlineData("No thanks, please remove me from the mailing list", "remove me from the mailing list")]
    [InlineData("Don’t email me again.", "Don't email me again")]
    [InlineData("No more emails please", "No more emails")]
    [InlineData("Hi, could you please remove me from your list?", "remove me from your list")]
    [InlineData("Can you unsubscribe me?", "unsubscribe me")]
    [InlineData("I want to opt out", "opt out")]
    [InlineData("Please delete my email address from your database.", "delete my email address from your database")]
    [InlineData("Take me off this list now!", "Take me off this list")]
    [InlineData("I'm not interested but please unsubscribe me from these emails.", "unsubscribe me from these emails")]
    // German
    [InlineData("Bitte melden Sie mich ab.", "melden Sie mich ab")]
    [InlineData("Bitte tragen Sie mich aus Ihrem Verteiler aus", "tragen Sie mich aus")]
    [InlineData("Ich möchte mich abmelden.", "mich abmelden")]
    [InlineData("Keine weiteren E-Mails mehr, danke.", "Keine weiteren E-Mails mehr")]
    [InlineData("Können Sie mich bitte abmelden?", "mich bitte abmelden")]
    // French
    [InlineData("Merci de me désinscrire.", "me désinscrire")]
    [InlineData("Retirez-moi de votre liste svp", "Retirez-moi de votre liste")]
    [InlineData("Ne m'envoyez plus de messages.", "Ne m'envoyez plus")]
    // Spanish
    [InlineData("Por favor, denme de baja.", "denme de baja")]
    [InlineData("No me envíen más correos.", "No me envíen más")]
    [InlineData("¿Pueden darme de baja?", "darme de baja")]
    // Italian
    [InlineData("Cancellatemi dalla vostra lista, grazie.", "Cancellatemi dalla vostra lista")]
    [InlineData("Non scrivetemi più.", "Non scrivetemi più")]
    // Portuguese
    [InlineData("Por favor, remova-me da sua lista.", "remova-me da sua lista")]
    [InlineData("Quero me descadastrar.", "me descadastrar")]
    // Dutch
    [InlineData("Schrijf me uit aub.", "Schrijf me uit")]
    [InlineData("Geen e-mails meer graag.", "Geen e-mails meer")]
    // Swedish, Norwegian, Danish
    [InlineData("Avregistrera mig, tack.", "Avregistrera mig")]
    [InlineData("Meld meg av.", "Meld meg av")]
    [InlineData("Fjern mig fra listen.", "Fjern mig fra listen")]
    // Finnish
    [InlineData("Poistakaa minut postituslistalta.", "Poistakaa minut postituslistalta")]
    // Polish
    [InlineData("Proszę o wypisanie z listy.", "Proszę o wypisanie")]
    [InlineData("Usuńcie mnie z listy.", "Usuńcie mnie z listy")]
    // The new text above a quote
    [InlineData("Please remove me.\n\nOn Tue, 3 Mar 2026 at 10:00, Acme <hello@acme.example> wrote:\n> Hi Ann, a quick follow-up", "remove me")]
    [InlineData("> Quick question for you\nUnsubscribe me please", "Unsubscribe me")]
    public void Find_ClearRequest_ReturnsThePhrase(string text, string phrase) =>
        Assert.Equal(phrase, StopRequestDetector.Find(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Sounds good, call me tomorrow.")]
    [InlineData("Yes, can you come Tuesday?")]
    [InlineData("Not interested.")]
    [InlineData("Not interested at the moment, maybe next year.")]
    // Negated
    [InlineData("Please don't unsubscribe me, I love these.")]
    [InlineData("Do not remove me from the list!")]
    [InlineData("I never asked you to take me off your list.")]
    [InlineData("Bitte melden Sie mich nicht ab.")]
    [InlineData("Ne me désinscrivez pas.")]
    [InlineData("No quiero darme de baja.")]
    [InlineData("Verwijder me niet.")]
    [InlineData("Nie usuwajcie mnie.")]
    // Someone else, something else, or an enquiry
    [InlineData("How do I unsubscribe my colleague?")]
    [InlineData("How do I unsubscribe?")]
    [InlineData("Could you tell me how to unsubscribe?")]
    [InlineData("Please unsubscribe my colleague, she has left.")]
    [InlineData("Remove me from the meeting invite, I can't make it.")]
    [InlineData("Can you take me off the Thursday call?")]
    [InlineData("The unsubscribe link in your footer is broken.")]
    [InlineData("Stop by the shop on Tuesday.")]
    [InlineData("Why did you remove me from the list?")]
    [InlineData("Können Sie mich vom Meeting entfernen?")]
    // Only quoted
    [InlineData("Sure, Tuesday works.\n\n> Reply STOP or unsubscribe to hear no more.\n> Please remove me from your list")]
    [InlineData("Thanks!\n\nOn Mon, 2 Mar 2026, Ann <ann@example.com> wrote:\nPlease remove me from your list")]
    [InlineData("Thanks!\n\nAm 02.03.2026 um 10:00 schrieb Ann:\nBitte melden Sie mich ab.")]
    [InlineData("See below.\n\nFrom: Ann Example\nSent: Monday, March 2, 2026 10:00 AM\nSubject: Re: Hello\n\nUnsubscribe")]
    [InlineData("See below.\n-----Original Message-----\nPlease remove me")]
    [InlineData("Talk soon\n-- \nAnn\nTo unsubscribe reply STOP")]
    // Too far into the text
    [InlineData("Hi.\nThanks for the offer.\nWe looked at it.\nIt is not for us now.\nAnyway, please remove me.")]
    public void Find_NotAClearRequest_ReturnsNull(string? text) =>
        Assert.Null(StopRequestDetector.Find(text));
}
