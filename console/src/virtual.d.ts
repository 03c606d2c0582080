declare module 'virtual:phone-countries' {
  /** [ISO 3166 alpha-2, calling code] for every country libphonenumber knows. */
  const countries: [string, string][];
  export default countries;
}
