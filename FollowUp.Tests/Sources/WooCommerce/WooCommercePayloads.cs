namespace FollowUp.Tests.Sources.WooCommerce;

/// <summary>WooCommerce's documented REST API v3 examples (woocommerce-rest-api-docs), which are what its webhooks deliver, trimmed of fields the receiver does not read.</summary>
public static class WooCommercePayloads
{
    /// <summary>The example order 727, as <c>order.created</c> delivers it.</summary>
    public const string Order = """
        {
          "id": 727,
          "parent_id": 0,
          "number": "727",
          "order_key": "wc_order_58d2d042d1d",
          "created_via": "rest-api",
          "version": "3.0.0",
          "status": "processing",
          "currency": "USD",
          "date_created": "2017-03-22T16:28:02",
          "date_created_gmt": "2017-03-22T19:28:02",
          "discount_total": "0.00",
          "shipping_total": "10.00",
          "cart_tax": "1.35",
          "total": "29.35",
          "total_tax": "1.35",
          "prices_include_tax": false,
          "customer_id": 0,
          "customer_note": "",
          "billing": {
            "first_name": "John",
            "last_name": "Doe",
            "company": "",
            "address_1": "969 Market",
            "address_2": "",
            "city": "San Francisco",
            "state": "CA",
            "postcode": "94103",
            "country": "US",
            "email": "john.doe@example.com",
            "phone": "(555) 555-5555"
          },
          "shipping": {
            "first_name": "John",
            "last_name": "Doe",
            "company": "",
            "address_1": "969 Market",
            "address_2": "",
            "city": "San Francisco",
            "state": "CA",
            "postcode": "94103",
            "country": "US"
          },
          "payment_method": "bacs",
          "payment_method_title": "Direct Bank Transfer",
          "transaction_id": "",
          "date_paid": "2017-03-22T16:28:08",
          "date_completed": null,
          "meta_data": [
            { "id": 13106, "key": "_download_permissions_granted", "value": "yes" }
          ],
          "line_items": [
            {
              "id": 315,
              "name": "Woo Single #1",
              "product_id": 93,
              "variation_id": 0,
              "quantity": 2,
              "tax_class": "",
              "subtotal": "6.00",
              "subtotal_tax": "0.45",
              "total": "6.00",
              "total_tax": "0.45",
              "taxes": [ { "id": 75, "total": "0.45", "subtotal": "0.45" } ],
              "meta_data": [],
              "sku": "",
              "price": 3
            },
            {
              "id": 316,
              "name": "Ship Your Idea &ndash; Color: Black, Size: M Test",
              "product_id": 22,
              "variation_id": 23,
              "quantity": 1,
              "tax_class": "",
              "subtotal": "12.00",
              "subtotal_tax": "0.90",
              "total": "12.00",
              "total_tax": "0.90",
              "taxes": [ { "id": 75, "total": "0.9", "subtotal": "0.9" } ],
              "meta_data": [
                { "id": 2095, "key": "pa_color", "value": "black" },
                { "id": 2096, "key": "size", "value": "M Test" }
              ],
              "sku": "Bar3",
              "price": 12
            }
          ],
          "shipping_lines": [
            { "id": 317, "method_title": "Flat Rate", "method_id": "flat_rate", "total": "10.00", "total_tax": "0.00", "taxes": [], "meta_data": [] }
          ],
          "fee_lines": [],
          "coupon_lines": [],
          "refunds": []
        }
        """;

    /// <summary>The example customer 25, as <c>customer.created</c> delivers it.</summary>
    public const string Customer = """
        {
          "id": 25,
          "date_created": "2017-03-21T16:09:28",
          "date_created_gmt": "2017-03-21T19:09:28",
          "date_modified": "2017-03-21T16:09:30",
          "date_modified_gmt": "2017-03-21T19:09:30",
          "email": "john.doe@example.com",
          "first_name": "John",
          "last_name": "Doe",
          "role": "customer",
          "username": "john.doe",
          "billing": {
            "first_name": "John",
            "last_name": "Doe",
            "company": "",
            "address_1": "969 Market",
            "address_2": "",
            "city": "San Francisco",
            "state": "CA",
            "postcode": "94103",
            "country": "US",
            "email": "john.doe@example.com",
            "phone": "(555) 555-5555"
          },
          "is_paying_customer": false,
          "avatar_url": "https://secure.gravatar.com/avatar/8eb1b522f60d11fa897de1dc6351b7e8?s=96",
          "meta_data": []
        }
        """;
}
