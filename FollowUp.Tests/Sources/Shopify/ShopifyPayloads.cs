namespace FollowUp.Tests.Sources.Shopify;

/// <summary>Shopify's documented sample webhook payloads (shopify.dev webhook reference), trimmed of fields and repeated line items the receiver does not need.</summary>
public static class ShopifyPayloads
{
    /// <summary>The sample order of the <c>orders/*</c> topics.</summary>
    public const string Order = """
        {
          "id": 820982911946154508,
          "admin_graphql_api_id": "gid://shopify/Order/820982911946154508",
          "buyer_accepts_marketing": true,
          "contact_email": "jon@example.com",
          "created_at": "2021-12-31T19:00:00-05:00",
          "currency": "USD",
          "current_total_price": "414.95",
          "customer_locale": "en",
          "email": "jon@example.com",
          "financial_status": "voided",
          "name": "#9999",
          "number": 234,
          "order_number": 1234,
          "order_status_url": "https://jsmith.myshopify.com/548380009/orders/123456abcd/authenticate?key=abcdefg",
          "phone": null,
          "presentment_currency": "USD",
          "subtotal_price": "404.95",
          "tags": "tag1, tag2",
          "test": true,
          "token": "123456abcd",
          "total_discounts": "20.00",
          "total_price": "404.95",
          "total_price_set": {
            "shop_money": { "amount": "404.95", "currency_code": "USD" },
            "presentment_money": { "amount": "404.95", "currency_code": "USD" }
          },
          "billing_address": {
            "first_name": "Steve",
            "address1": "123 Shipping Street",
            "phone": "555-555-SHIP",
            "city": "Shippington",
            "zip": "40003",
            "province": "Kentucky",
            "country": "United States",
            "last_name": "Shipper",
            "name": "Steve Shipper",
            "country_code": "US",
            "province_code": "KY"
          },
          "customer": {
            "id": 115310627314723954,
            "first_name": "John",
            "last_name": "Smith",
            "state": "disabled",
            "verified_email": true,
            "email": "john@example.com",
            "phone": null,
            "currency": "USD",
            "default_address": {
              "id": 715243470612851245,
              "customer_id": 115310627314723954,
              "first_name": "John",
              "last_name": "Smith",
              "address1": "123 Elm St.",
              "city": "Ottawa",
              "province": "Ontario",
              "country": "Canada",
              "zip": "K2H7A8",
              "phone": "123-123-1234",
              "name": "John Smith",
              "province_code": "ON",
              "country_code": "CA",
              "country_name": "Canada",
              "default": true
            }
          },
          "line_items": [
            {
              "id": 487817672276298554,
              "fulfillable_quantity": 1,
              "gift_card": false,
              "grams": 100,
              "name": "Aviator sunglasses",
              "price": "89.99",
              "price_set": {
                "shop_money": { "amount": "89.99", "currency_code": "USD" },
                "presentment_money": { "amount": "89.99", "currency_code": "USD" }
              },
              "product_id": 788032119674292922,
              "quantity": 1,
              "sku": "SKU2006-001",
              "title": "Aviator sunglasses",
              "variant_id": null,
              "variant_title": null,
              "vendor": null
            },
            {
              "id": 976318377106520349,
              "fulfillable_quantity": 1,
              "gift_card": false,
              "grams": 1000,
              "name": "Mid-century lounger",
              "price": "159.99",
              "product_id": 788032119674292922,
              "quantity": 1,
              "sku": "SKU2006-020",
              "title": "Mid-century lounger",
              "variant_id": null,
              "variant_title": null,
              "vendor": null
            }
          ],
          "shipping_address": {
            "first_name": "Steve",
            "address1": "123 Shipping Street",
            "phone": "555-555-SHIP",
            "city": "Shippington",
            "zip": "40003",
            "province": "Kentucky",
            "country": "United States",
            "last_name": "Shipper",
            "name": "Steve Shipper",
            "country_code": "US",
            "province_code": "KY"
          }
        }
        """;

    /// <summary>The sample checkout of <c>checkouts/create</c> and <c>checkouts/update</c>.</summary>
    public const string Checkout = """
        {
          "token": "123123123",
          "cart_token": "eeafa272cebfd4b22385bc4b645e762c",
          "email": "example@email.com",
          "gateway": null,
          "buyer_accepts_marketing": false,
          "created_at": "2021-12-31T19:00:00-05:00",
          "updated_at": "2021-12-31T19:00:00-05:00",
          "taxes_included": false,
          "total_weight": 1133,
          "currency": "USD",
          "completed_at": null,
          "phone": null,
          "customer_locale": null,
          "line_items": [
            {
              "key": "139cb5712fb4c8d9957dcfad9a3028da",
              "gift_card": false,
              "grams": 567,
              "presentment_title": "IPod Nano - 8GB",
              "presentment_variant_title": "Pink",
              "product_id": 632910392,
              "properties": null,
              "quantity": 1,
              "requires_shipping": true,
              "sku": "IPOD2008PINK",
              "taxable": true,
              "title": "IPod Nano - 8GB",
              "variant_id": 808950810,
              "variant_title": "Pink",
              "variant_price": "199.00",
              "vendor": "Apple",
              "compare_at_price": null,
              "line_price": "199.00",
              "price": "199.00"
            }
          ],
          "name": "#981820079255243537",
          "source": null,
          "abandoned_checkout_url": "https://checkout.local/548380009/checkouts/123123123/recover?key=example-secret-token",
          "discount_codes": [],
          "source_name": "web",
          "presentment_currency": "USD",
          "buyer_accepts_sms_marketing": false,
          "sms_marketing_phone": null,
          "total_discounts": "0.00",
          "total_line_items_price": "398.00",
          "total_price": "421.88",
          "total_tax": "23.88",
          "subtotal_price": "398.00",
          "billing_address": {
            "first_name": "Bob",
            "address1": "123 Billing Street",
            "phone": "555-555-BILL",
            "city": "Billtown",
            "zip": "K2P0B0",
            "province": "Kentucky",
            "country": "United States",
            "last_name": "Biller",
            "company": "My Company",
            "name": "Bob Biller",
            "country_code": "US",
            "province_code": "KY"
          },
          "shipping_address": {
            "first_name": "Steve",
            "address1": "123 Shipping Street",
            "phone": "555-555-SHIP",
            "city": "Shippington",
            "zip": "K2P0S0",
            "province": "Kentucky",
            "country": "United States",
            "last_name": "Shipper",
            "company": "Shipping Company",
            "name": "Steve Shipper",
            "country_code": "US",
            "province_code": "KY"
          },
          "customer": {
            "id": 603851970716743426,
            "first_name": "John",
            "last_name": "Smith",
            "state": "disabled",
            "verified_email": true,
            "email": "john@example.com",
            "phone": null,
            "currency": "USD",
            "default_address": {
              "customer_id": 603851970716743426,
              "first_name": "John",
              "last_name": "Smith",
              "address1": "123 Elm St.",
              "city": "Ottawa",
              "province": "Ontario",
              "country": "Canada",
              "zip": "K2H7A8",
              "phone": "123-123-1234",
              "name": "John Smith",
              "province_code": "ON",
              "country_code": "CA",
              "country_name": "Canada",
              "default": true
            }
          }
        }
        """;

    /// <summary>The sample customer of <c>customers/create</c>.</summary>
    public const string Customer = """
        {
          "id": 706405506930370084,
          "created_at": "2021-12-31T19:00:00-05:00",
          "updated_at": "2021-12-31T19:00:00-05:00",
          "first_name": "Bob",
          "last_name": "Biller",
          "state": "disabled",
          "note": "This customer loves ice cream",
          "verified_email": true,
          "multipass_identifier": null,
          "tax_exempt": false,
          "email": "bob@biller.com",
          "phone": null,
          "currency": "USD",
          "addresses": [],
          "tax_exemptions": [],
          "admin_graphql_api_id": "gid://shopify/Customer/706405506930370084",
          "default_address": {
            "id": 12321,
            "customer_id": 706405506930370084,
            "first_name": "Bob",
            "last_name": "Biller",
            "company": null,
            "address1": "151 O'Connor Street",
            "address2": null,
            "city": "Ottawa",
            "province": "ON",
            "country": "CA",
            "zip": "K2P 2L8",
            "phone": "555-555-5555",
            "name": "Bob Biller",
            "province_code": "ON",
            "country_code": "CA",
            "country_name": "CA",
            "default": true
          }
        }
        """;
}
