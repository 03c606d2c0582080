/** No script, no inline style; images from `imageSources` (a page with an application's logo adds the logo's origin). */
export const contentSecurityPolicy = (imageSources = "'self' data:") =>
  `default-src 'none'; style-src 'self'; img-src ${imageSources}; frame-ancestors 'none'; base-uri 'none'`;
