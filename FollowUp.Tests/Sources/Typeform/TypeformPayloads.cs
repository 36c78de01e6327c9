namespace FollowUp.Tests.Sources.Typeform;

/// <summary>Typeform webhook bodies: the documented example, and smaller responses shaped like it.</summary>
internal static class TypeformPayloads
{
    /// <summary>The example payload of Typeform's documentation (developers/webhooks/example-payload), as delivered.</summary>
    /// <remarks>Like the real thing, most answers name only their field's id; the refs are in <c>definition.fields</c>.</remarks>
    public const string DocumentedExample = """
        {
          "event_id": "LtWXD3crgy",
          "event_type": "form_response",
          "form_response": {
            "form_id": "lT4Z3j",
            "token": "a3a12ec67a1365927098a606107fac15",
            "submitted_at": "2018-01-18T18:17:02Z",
            "landed_at": "2018-01-18T18:07:02Z",
            "calculated": {
              "score": 9
            },
            "variables": [
              {
                "key": "score",
                "type": "number",
                "number": 4
              },
              {
                "key": "name",
                "type": "text",
                "text": "typeform"
              }
            ],
            "hidden": {
              "user_id": "abc123456"
            },
            "definition": {
              "id": "lT4Z3j",
              "title": "Webhooks example",
              "fields": [
                {
                  "id": "DlXFaesGBpoF",
                  "title": "Thanks, {{answer_60906475}}! What's it like where you live? Tell us in a few sentences.",
                  "type": "long_text",
                  "ref": "readable_ref_long_text",
                  "allow_multiple_selections": false,
                  "allow_other_choice": false
                },
                {
                  "id": "SMEUb7VJz92Q",
                  "title": "If you're OK with our city management following up if they have further questions, please give us your email address.",
                  "type": "email",
                  "ref": "readable_ref_email",
                  "allow_multiple_selections": false,
                  "allow_other_choice": false
                },
                {
                  "id": "JwWggjAKtOkA",
                  "title": "What is your first name?",
                  "type": "short_text",
                  "ref": "readable_ref_short_text",
                  "allow_multiple_selections": false,
                  "allow_other_choice": false
                },
                {
                  "id": "KoJxDM3c6x8h",
                  "title": "When did you move to the place where you live?",
                  "type": "date",
                  "ref": "readable_ref_date",
                  "allow_multiple_selections": false,
                  "allow_other_choice": false
                },
                {
                  "id": "PNe8ZKBK8C2Q",
                  "title": "Which pictures do you like? You can choose as many as you like.",
                  "type": "picture_choice",
                  "ref": "readable_ref_picture_choice",
                  "allow_multiple_selections": true,
                  "allow_other_choice": false
                },
                {
                  "id": "Q7M2XAwY04dW",
                  "title": "On a scale of 1 to 5, what rating would you give the weather in Sydney? 1 is poor weather, 5 is excellent weather",
                  "type": "number",
                  "ref": "readable_ref_number1",
                  "allow_multiple_selections": false,
                  "allow_other_choice": false
                },
                {
                  "id": "gFFf3xAkJKsr",
                  "title": "By submitting this form, you understand and accept that we will share your answers with city management. Your answers will be anonymous will not be shared.",
                  "type": "legal",
                  "ref": "readable_ref_legal",
                  "allow_multiple_selections": false,
                  "allow_other_choice": false
                },
                {
                  "id": "k6TP9oLGgHjl",
                  "title": "Which of these cities is your favorite?",
                  "type": "multiple_choice",
                  "ref": "readable_ref_multiple_choice",
                  "allow_multiple_selections": false,
                  "allow_other_choice": false
                },
                {
                  "id": "RUqkXSeXBXSd",
                  "title": "Do you have a favorite city we haven't listed?",
                  "type": "yes_no",
                  "ref": "readable_ref_yes_no",
                  "allow_multiple_selections": false,
                  "allow_other_choice": false
                },
                {
                  "id": "NRsxU591jIW9",
                  "title": "How important is the weather to your opinion about a city? 1 is not important, 5 is very important.",
                  "type": "opinion_scale",
                  "ref": "readable_ref_opinion_scale",
                  "allow_multiple_selections": false,
                  "allow_other_choice": false
                },
                {
                  "id": "WOTdC00F8A3h",
                  "title": "How would you rate the weather where you currently live? 1 is poor weather, 5 is excellent weather.",
                  "type": "rating",
                  "ref": "readable_ref_rating",
                  "allow_multiple_selections": false,
                  "allow_other_choice": false
                },
                {
                  "id": "pn48RmPazVdM",
                  "title": "On a scale of 1 to 5, what rating would you give the general quality of life in Sydney? 1 is poor, 5 is excellent",
                  "type": "number",
                  "ref": "readable_ref_number2",
                  "allow_multiple_selections": false,
                  "allow_other_choice": false
                },
                {
                  "id": "M5tXK5kG7IeA",
                  "title": "Book a time with me",
                  "type": "calendly",
                  "ref": "readable_ref_calendly",
                  "properties": {}
                }
              ],
              "endings": [
                {
                  "id": "dN5FLyFpCMFo",
                  "ref": "01GRC8GR2017M6WW347T86VV39",
                  "title": "Bye!",
                  "type": "thankyou_screen",
                  "properties": {
                    "button_text": "Create a typeform",
                    "show_button": true,
                    "share_icons": true,
                    "button_mode": "default_redirect"
                  }
                }
              ]
            },
            "answers": [
              {
                "type": "text",
                "text": "It's cold right now! I live in an older medium-sized city with a university. Geographically, the area is hilly.",
                "field": {
                  "id": "DlXFaesGBpoF",
                  "type": "long_text"
                }
              },
              {
                "type": "email",
                "email": "laura@example.com",
                "field": {
                  "id": "SMEUb7VJz92Q",
                  "type": "email"
                }
              },
              {
                "type": "text",
                "text": "Laura",
                "field": {
                  "id": "JwWggjAKtOkA",
                  "type": "short_text"
                }
              },
              {
                "type": "date",
                "date": "2005-10-15",
                "field": {
                  "id": "KoJxDM3c6x8h",
                  "type": "date"
                }
              },
              {
                "type": "choices",
                "choices": {
                  "labels": [
                    "London",
                    "Sydney"
                  ]
                },
                "field": {
                  "id": "PNe8ZKBK8C2Q",
                  "type": "picture_choice"
                }
              },
              {
                "type": "number",
                "number": 5,
                "field": {
                  "id": "Q7M2XAwY04dW",
                  "type": "number"
                }
              },
              {
                "type": "boolean",
                "boolean": true,
                "field": {
                  "id": "gFFf3xAkJKsr",
                  "type": "legal"
                }
              },
              {
                "type": "choice",
                "choice": {
                  "label": "London"
                },
                "field": {
                  "id": "k6TP9oLGgHjl",
                  "type": "multiple_choice"
                }
              },
              {
                "type": "boolean",
                "boolean": false,
                "field": {
                  "id": "RUqkXSeXBXSd",
                  "type": "yes_no"
                }
              },
              {
                "type": "number",
                "number": 2,
                "field": {
                  "id": "NRsxU591jIW9",
                  "type": "opinion_scale"
                }
              },
              {
                "type": "number",
                "number": 3,
                "field": {
                  "id": "WOTdC00F8A3h",
                  "type": "rating"
                }
              },
              {
                "type": "number",
                "number": 4,
                "field": {
                  "id": "pn48RmPazVdM",
                  "type": "number"
                }
              },
              {
                "type": "url",
                "url": "https://calendly.com/scheduled_events/EVENT_TYPE/invitees/INVITEE",
                "field": {
                  "id": "M5tXK5kG7IeA",
                  "type": "calendly",
                  "ref": "readable_ref_calendly"
                }
              }
            ],
            "ending": {
              "id": "dN5FLyFpCMFo",
              "ref": "01GRC8GR2017M6WW347T86VV39"
            }
          }
        }
        """;

    /// <summary>A lead form whose questions carry the refs a merchant sets for the contact, plus a phone question and answers of further types.</summary>
    public const string LeadForm = """
        {
          "event_id": "01HZX3N7Q2V8K5M9P4R6T1W0YB",
          "event_type": "form_response",
          "form_response": {
            "form_id": "Xq7BcD2e",
            "token": "8b6d1f0c2e4a4b7f9c3d5e6f7a8b9c0d",
            "submitted_at": "2024-05-02T09:41:13Z",
            "landed_at": "2024-05-02T09:39:50Z",
            "hidden": {
              "utm_source": "newsletter",
              "email": "hidden@acme.example"
            },
            "definition": {
              "id": "Xq7BcD2e",
              "title": "Book a fitting",
              "fields": [
                { "id": "aF1rstNm0001", "title": "First name?", "type": "short_text", "ref": "First_Name" },
                { "id": "bL4stNm00002", "title": "Last name?", "type": "short_text", "ref": "last_name" },
                { "id": "cEm4il000003", "title": "Your email?", "type": "email", "ref": "contact_email" },
                { "id": "dPh0ne000004", "title": "Your phone?", "type": "phone_number", "ref": "mobile" },
                { "id": "eEm4il000005", "title": "A friend's email?", "type": "email", "ref": "friend_email" },
                { "id": "fCh01ce00006", "title": "Which shop?", "type": "dropdown", "ref": "shop" },
                { "id": "gCh01ce00007", "title": "What interests you?", "type": "multiple_choice", "ref": "interests" },
                { "id": "hF1le0000008", "title": "A photo of the room?", "type": "file_upload", "ref": "room_photo" },
                { "id": "iW3bs1te0009", "title": "Your website?", "type": "website", "ref": "website" },
                { "id": "jN0ref000010", "title": "Anything else?", "type": "long_text" }
              ]
            },
            "answers": [
              { "type": "text", "text": "Ada", "field": { "id": "aF1rstNm0001", "type": "short_text" } },
              { "type": "text", "text": "Lovelace", "field": { "id": "bL4stNm00002", "type": "short_text", "ref": "last_name" } },
              { "type": "email", "email": "ada@example.com", "field": { "id": "cEm4il000003", "type": "email" } },
              { "type": "phone_number", "phone_number": "+447911123456", "field": { "id": "dPh0ne000004", "type": "phone_number" } },
              { "type": "email", "email": "charles@example.com", "field": { "id": "eEm4il000005", "type": "email" } },
              { "type": "choice", "choice": { "other": "Bath" }, "field": { "id": "fCh01ce00006", "type": "dropdown" } },
              { "type": "choices", "choices": { "labels": ["Curtains", "Blinds"], "other": "Shutters" }, "field": { "id": "gCh01ce00007", "type": "multiple_choice" } },
              { "type": "file_url", "file_url": "https://api.typeform.com/forms/Xq7BcD2e/responses/8b6d1f0c/fields/hF1le0000008/files/room.jpg", "field": { "id": "hF1le0000008", "type": "file_upload" } },
              { "type": "url", "url": "https://lovelace.example", "field": { "id": "iW3bs1te0009", "type": "website" } },
              { "type": "text", "text": "Mornings only", "field": { "id": "jN0ref000010", "type": "long_text" } }
            ]
          }
        }
        """;

    /// <summary>A response whose contact is given by a full-name question and hidden fields only.</summary>
    public const string HiddenContact = """
        {
          "event_id": "01HZX4A0B1C2D3E4F5G6H7J8K9",
          "event_type": "form_response",
          "form_response": {
            "form_id": "Hd9nFl0w",
            "token": "c0ffee00c0ffee00c0ffee00c0ffee00",
            "submitted_at": "2024-05-03T12:00:00Z",
            "hidden": {
              "EMAIL": "grace@example.com",
              "phone": "+14155550123",
              "campaign": "spring"
            },
            "definition": {
              "id": "Hd9nFl0w",
              "title": "Quick question",
              "fields": [
                { "id": "kN4me0000011", "title": "Your name?", "type": "short_text", "ref": "name" }
              ]
            },
            "answers": [
              { "type": "text", "text": "Grace Brewster Hopper", "field": { "id": "kN4me0000011", "type": "short_text" } }
            ]
          }
        }
        """;

    /// <summary>A partial response: Typeform sends <c>answers</c> as null and no hidden fields.</summary>
    public const string PartialResponse = """
        {
          "event_id": "01HZX5PARTIAL0000000000000",
          "event_type": "form_response_partial",
          "form_response": {
            "form_id": "lT4Z3j",
            "token": "a3a12ec67a1365927098a606107fac15",
            "landed_at": "2018-01-18T18:07:02Z",
            "answers": null
          }
        }
        """;
}
