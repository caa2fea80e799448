/*
 * The example bodies of the networks' own pages, copied from /shared/specs (test fixtures only).
 */

/** `avantlink-click-tracking.txt`, "Example Requests", CURL. */
export const avantLinkClickCurlExample = {
  tracking_ids: {
    user_id: ['u_78901'],
    visitor_id: ['vis_3f2c1a97'],
    avantlink_avad: '77_f3afbe121',
  },
  user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)...',
  current_url: 'https://store.example.com/products/widget?avad=77_f3afbe121',
};

/** `avantlink-click-tracking.txt`, "Request Body (JSON)", with its empty strings filled in. */
export const avantLinkClickFullExample = {
  tracking_ids: { user_id: [], visitor_id: ['vis_3f2c1a97'], avantlink_avad: '77_f3afbe121' },
  user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
  current_url: 'https://store.example.com/products/widget?avad=77_f3afbe121',
  referrer_url: 'https://blog.example/review',
  google_click_id: 'Cj0KCQiA',
  custom_tracking_code: 'spring-sale',
  user_ip_address: '203.0.113.7',
};

/** NETWORKS.md, the order example body as far as it is known (products after the cut-off are ours). */
export const avantLinkOrderExample = {
  current_url: 'http://google.com',
  tracking_ids: { user_id: [''], visitor_id: [''], avantlink_avad: '' },
  user_agent: 'Mozilla/5.0 (...)',
  user_ip_address: '127.0.0.1',
  referrer_url: 'https://google.com',
  google_click_id: '',
  custom_tracking_code: '',
  order: {
    order_number: '12345',
    order_amount_subtotal: 100.0,
    currency: 'USD',
    coupon_codes: ['free-shipping'],
    customer: { new_customer: false, country: 'USA', region: '', state: 'UT' },
    products: [{ parent_sku: 'TENT-2P', variant_sku: 'TENT-2P-GRN', price: 100.0, qty: 1 }],
  },
};

/** `aflite-advanced-tracking-api.txt`, "Expected Variables", their example column. */
export const afliteGoalExample = {
  apikey: 'abc123',
  mid: 'abc123',
  clickSessionID: 'abc123',
  goalid: 'abc123',
  mref: 'abc123',
  value: '10.99',
  traceOnly: '1',
  help: '0',
};
