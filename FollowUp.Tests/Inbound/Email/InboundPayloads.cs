namespace FollowUp.Tests.Inbound.Email;

/// <summary>Inbound emails shaped as the providers document them: SendGrid Inbound Parse's default fields, Postmark's inbound webhook example, and a Postfix-style bounce.</summary>
internal static class InboundPayloads
{
    /// <summary>The fields of SendGrid's default-mode example post, with the sender, recipient, subject and extra headers given.</summary>
    public static Dictionary<string, string> SendGridFields(string from, string to, string subject, string extraHeaders = "") => new()
    {
        ["headers"] = "Received: by mx0047p1mdw1.sendgrid.net with SMTP id 6WCVv7KAWn Wed, 27 Jul 2016 20:53:06 +0000 (UTC)\n"
            + "Received: from mail-io0-f169.google.com (mail-io0-f169.google.com [209.85.223.169]) by mx0047p1mdw1.sendgrid.net (Postfix) with ESMTPS id AA9FFA817F2 for <inbound@inbound.example.com>; Wed, 27 Jul 2016 20:53:06 +0000 (UTC)\n"
            + "MIME-Version: 1.0\n"
            + $"From: Example User <{from}>\n"
            + "Date: Wed, 27 Jul 2016 14:53:05 -0600\n"
            + "Message-ID: <CAN_P_JMvV7ZpAQhOnDienypLrJmuhN=LQWweu4yScw4jQyXY2w@mail.gmail.com>\n"
            + $"Subject: {subject}\n"
            + $"To: {to}\n"
            + extraHeaders
            + "Content-Type: multipart/alternative; boundary=001a113df448cad2d00538a4c5f4\n",
        ["dkim"] = "{@gmail.com : pass}",
        ["to"] = to,
        ["from"] = $"Example User <{from}>",
        ["text"] = "Yes please, send me the details.\n",
        ["html"] = "<div dir=\"ltr\">Yes please, send me the details.</div>\n",
        ["sender_ip"] = "209.85.223.169",
        ["envelope"] = $"{{\"to\":[\"{to}\"],\"from\":\"{from}\"}}",
        ["attachments"] = "0",
        ["subject"] = subject,
        ["charsets"] = "{\"to\":\"UTF-8\",\"html\":\"UTF-8\",\"subject\":\"UTF-8\",\"from\":\"UTF-8\",\"text\":\"UTF-8\"}",
        ["SPF"] = "pass",
    };

    /// <summary>Postmark's documented inbound webhook example, with the sender, recipient, subject and headers given.</summary>
    public static object Postmark(string from, string to, string subject, params (string Name, string Value)[] headers) => new
    {
        FromName = "Postmarkapp Support",
        MessageStream = "inbound",
        From = from,
        FromFull = new { Email = from, Name = "Postmarkapp Support", MailboxHash = "" },
        To = $"\"Firstname Lastname\" <{to}>",
        ToFull = new[] { new { Email = to, Name = "Firstname Lastname", MailboxHash = "SampleHash" } },
        Cc = "\"First Cc\" <firstcc@postmarkapp.com>, secondCc@postmarkapp.com>",
        CcFull = new[] { new { Email = "firstcc@postmarkapp.com", Name = "First Cc", MailboxHash = "" } },
        Bcc = "",
        BccFull = Array.Empty<object>(),
        OriginalRecipient = to,
        Subject = subject,
        MessageID = "73e6d360-66eb-11e1-8e72-a8904824019b",
        ReplyTo = "replyto@example.com",
        MailboxHash = "SampleHash",
        Date = "Fri, 1 Aug 2014 16:45:32 -04:00",
        TextBody = "This is a test text body.",
        HtmlBody = "<html><body><p>This is a test html body.</p></body></html>",
        StrippedTextReply = "This is the reply text",
        Tag = "TestTag",
        Headers = new[] { ("X-Header-Test", ""), ("X-Spam-Status", "No"), ("X-Spam-Score", "-0.1"), ("X-Spam-Tests", "DKIM_SIGNED,DKIM_VALID,DKIM_VALID_AU,SPF_PASS") }
            .Concat(headers).Select(h => new { Name = h.Item1, Value = h.Item2 }).ToArray(),
        Attachments = new[] { new { Name = "test.txt", Content = "VGhpcyBpcyBhdHRhY2htZW50IGNvbnRlbnRzLCBiYXNlLTY0IGVuY29kZWQu", ContentType = "text/plain", ContentLength = 45 } },
    };

    /// <summary>A raw reply as a mail client writes it.</summary>
    public static string RawReply(string from, string to, string subject, string extraHeaders = "", string text = "Sounds good, call me tomorrow.") =>
        $"From: Ann Example <{from}>\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Thu, 5 Mar 2026 10:00:00 +0000\r\n"
        + $"Message-ID: <reply-{Guid.NewGuid():N}@mail.example.com>\r\n{extraHeaders}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + text + "\r\n\r\n> Earlier text\r\n";

    /// <summary>The <c>Authentication-Results</c> header a receiving server named <paramref name="authServId"/> writes for mail from <paramref name="domain"/>.</summary>
    public static string AuthenticationResults(string authServId, string domain, string result = "pass") =>
        $"Authentication-Results: {authServId};\r\n\tdkim={result} header.i=@{domain} header.s=20230601 header.b=AbCdEf12;\r\n"
        + $"\tspf={result} (domain of reply@{domain} designates 209.85.220.41 as permitted sender) smtp.mailfrom=reply@{domain};\r\n"
        + $"\tdmarc={result} (p=NONE sp=NONE dis=NONE) header.from={domain}\r\n";

    /// <summary>What the review sent: a plain-text "bounce" from anyone's <c>MAILER-DAEMON</c>, naming <paramref name="victim"/> as failed.</summary>
    public static string ForgedTextBounce(string victim, string to = "replies@acme.example", string extraText = "") =>
        $"From: MAILER-DAEMON@attacker.example\r\nTo: {to}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        + $"Date: Thu, 5 Mar 2026 10:00:00 +0000\r\nMessage-ID: <forged-{Guid.NewGuid():N}@attacker.example>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
        + $"Reporting-MTA: dns; mail.attacker.example\r\n\r\nFinal-Recipient: rfc822; {victim}\r\nAction: failed\r\nStatus: 5.1.1\r\n{extraText}";

    /// <summary>A Postfix-style delivery status notification (RFC 3464) for <paramref name="failedRecipient"/>, sent to <paramref name="to"/>, returning the headers of the message <paramref name="messageId"/> (no Message-ID when null).</summary>
    public static string RawBounce(string failedRecipient, string? messageId, string action = "failed", string to = "followup@acme.example", string? replyTo = null) =>
        "From: MAILER-DAEMON@mail.acme.example (Mail Delivery System)\r\n"
        + $"To: {to}\r\n"
        + "Subject: Undelivered Mail Returned to Sender\r\n"
        + "Auto-Submitted: auto-replied\r\n"
        + "Date: Thu, 5 Mar 2026 10:00:00 +0000\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"8D1E5A1B2C.1700000000/mail.acme.example\"\r\n"
        + "\r\n"
        + "This is a MIME-encapsulated message.\r\n"
        + "\r\n"
        + "--8D1E5A1B2C.1700000000/mail.acme.example\r\n"
        + "Content-Description: Notification\r\n"
        + "Content-Type: text/plain; charset=us-ascii\r\n"
        + "\r\n"
        + "I'm sorry to have to inform you that your message could not\r\nbe delivered to one or more recipients.\r\n"
        + "\r\n"
        + "--8D1E5A1B2C.1700000000/mail.acme.example\r\n"
        + "Content-Description: Delivery report\r\n"
        + "Content-Type: message/delivery-status\r\n"
        + "\r\n"
        + "Reporting-MTA: dns; mail.acme.example\r\n"
        + "X-Postfix-Queue-ID: 8D1E5A1B2C\r\n"
        + "Arrival-Date: Thu, 5 Mar 2026 09:59:58 +0000\r\n"
        + "\r\n"
        + $"Final-Recipient: rfc822; {failedRecipient}\r\n"
        + $"Original-Recipient: rfc822;{failedRecipient}\r\n"
        + $"Action: {action}\r\n"
        + "Status: 5.1.1\r\n"
        + "Remote-MTA: dns; mx.example.com\r\n"
        + "Diagnostic-Code: smtp; 550 5.1.1 The email account that you tried to reach does\r\n    not exist.\r\n"
        + "\r\n"
        + "--8D1E5A1B2C.1700000000/mail.acme.example\r\n"
        + "Content-Description: Undelivered Message Headers\r\n"
        + "Content-Type: text/rfc822-headers\r\n"
        + "\r\n"
        + "From: Acme <followup@acme.example>\r\n"
        + $"To: {failedRecipient}\r\n"
        + "Subject: Thanks for your order\r\n"
        + (replyTo is null ? "" : $"Reply-To: {replyTo}\r\n")
        + (messageId is null ? "" : $"Message-ID: <{messageId}>\r\n")
        + "\r\n"
        + "--8D1E5A1B2C.1700000000/mail.acme.example--\r\n";
}
