export { clientCredentialsGrant, namesOurApi, type ClientCredentialsRequest, type TokenResponse } from './grants/client-credentials.js';
export { authorizationCodeGrant, type AuthorizationCodeRequest } from './grants/authorization-code.js';
export { refreshTokenGrant, type RefreshTokenRequest } from './grants/refresh-token.js';
