// @kinde/management-api-js 0.18.0 with its types restored. The package's typings re-export through extensionless
// relative paths (`export * from './api/index'`) inside a `"type": "module"` package, which TypeScript's NodeNext
// resolution cannot follow: under this project's tsconfig the package seems to export only `init`. The runtime module
// is used unchanged; only the types below are added, taken from the package's own `types.gen.d.ts`.
import * as kinde from '@kinde/management-api-js';
import type * as T from '../../node_modules/@kinde/management-api-js/dist/api/types.gen.js';

/** The client's error for a listed or unlisted non-2xx status: `.status` and the parsed JSON `.body`. */
export interface KindeApiError extends Error {
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly body: unknown;
}

export interface KindeManagementApi {
  /** `audience` is read at runtime though init’s own type leaves it out. */
  init(config: { kindeDomain: string; clientId?: string; clientSecret?: string; audience?: string }): void;
  setToken(token: string): void;
  ApiError: abstract new (...args: never[]) => KindeApiError;
  Users: {
    getUsers(data?: T.GetUsersData): Promise<T.GetUsersResponse>;
    getUserData(data: T.GetUserDataData): Promise<T.GetUserDataResponse>;
    createUser(data?: T.CreateUserData): Promise<T.CreateUserResponse>;
    updateUser(data: T.UpdateUserData): Promise<T.UpdateUserResponse>;
    deleteUser(data: T.DeleteUserData): Promise<T.DeleteUserResponse>;
    refreshUserClaims(data: T.RefreshUserClaimsData): Promise<T.RefreshUserClaimsResponse>;
    getUserIdentities(data: T.GetUserIdentitiesData): Promise<T.GetUserIdentitiesResponse>;
    createUserIdentity(data: T.CreateUserIdentityData): Promise<T.CreateUserIdentityResponse>;
  };
  Identities: {
    getIdentity(data: T.GetIdentityData): Promise<T.GetIdentityResponse>;
    updateIdentity(data: T.UpdateIdentityData): Promise<T.UpdateIdentityResponse>;
    deleteIdentity(data: T.DeleteIdentityData): Promise<T.DeleteIdentityResponse>;
  };
  Search: {
    searchUsers(data?: T.SearchUsersData): Promise<T.SearchUsersResponse>;
  };
  Webhooks: {
    getEvent(data: T.GetEventData): Promise<T.GetEventResponse>;
    getEventTypes(): Promise<T.GetEventTypesResponse>;
    getWebHooks(): Promise<T.GetWebHooksResponse>;
    createWebHook(data: T.CreateWebHookData): Promise<T.CreateWebHookResponse>;
    updateWebHook(data: T.UpdateWebHookData): Promise<T.UpdateWebHookResponse>;
    deleteWebHook(data: T.DeleteWebHookData): Promise<T.DeleteWebHookResponse>;
  };
}

export const kindeManagement = kinde as unknown as KindeManagementApi;
