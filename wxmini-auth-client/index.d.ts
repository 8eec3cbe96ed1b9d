// Type declarations of wxmini-auth-client. The host types below are structural: the `wx` of
// miniprogram-api-typings, the `uni` of @dcloudio/types and the `Taro` of @tarojs/taro all fit them,
// and the package needs none of those at run time.

/** The backend contract's machine codes (§3). */
export type ContractErrorCode =
	| 'invalid_request'
	| 'invalid_code'
	| 'user_blocked'
	| 'rate_limited'
	| 'wechat_unavailable'
	| 'server_misconfigured'
	| 'unauthorized'
	| 'invalid_token'
	| 'invalid_grant'
	| 'access_denied'
	| 'account_disabled'
	| 'not_found'
	| 'method_not_allowed';

/** The client's own codes, for failures without a problem body from the backend. */
export type ClientErrorCode =
	| 'phone_denied'
	| 'wx_login_failed'
	| 'network_error'
	| 'invalid_response'
	| 'logged_out'
	| 'http_error';

export type AuthErrorCode = ContractErrorCode | ClientErrorCode;

export declare const CONTRACT_ERRORS: readonly ContractErrorCode[];
export declare const CLIENT_ERRORS: readonly ClientErrorCode[];

/** Every failure of the client: a problem+json answer of the backend, or one of the client's own. */
export declare class AuthError extends Error {
	constructor(fields: {
		status: number;
		error: string;
		detail?: string;
		retryAfter?: number | null;
		wxErrcode?: number | null;
		body?: unknown;
	});
	readonly name: 'AuthError';
	/** HTTP status, 0 when there was no HTTP answer. */
	status: number;
	/** The machine code; a newer backend may send codes this version does not list. */
	error: AuthErrorCode | (string & {});
	/** Human-readable explanation. */
	detail: string;
	/** Seconds to wait, from `Retry-After` (429 `rate_limited`, 503 `wechat_unavailable`, …). */
	retryAfter: number | null;
	/** WeChat's errcode, when WeChat produced the error. */
	wxErrcode: number | null;
	/** The response body as received. */
	body: unknown;
}

/** What the client needs of its host; the adapters make one from `wx`, `uni` or `Taro`. */
export interface Platform {
	/** A fresh `wx.login` code; rejects with `{errMsg}`. */
	login(): Promise<string>;
	/** Resolves for any HTTP status; rejects with `{errMsg}` only when there is no answer. */
	request(request: PlatformRequest): Promise<PlatformResponse>;
	getItem(key: string): unknown;
	setItem(key: string, value: unknown): void;
	removeItem(key: string): void;
}

export interface PlatformRequest {
	url: string;
	method: string;
	header: Record<string, string>;
	data?: unknown;
	timeout?: number;
}

export interface PlatformResponse {
	statusCode: number;
	data: unknown;
	header: Record<string, unknown>;
}

/** A callback-style host API: the `wx` of a native mini program, uni-app's `uni`. */
export interface CallbackHost {
	login(option: any): any;
	request(option: any): any;
	getStorageSync(key: string): any;
	setStorageSync(key: string, data: any): any;
	removeStorageSync?(key: string): any;
}

/** Taro's `Taro` object, whose `login` and `request` return promises. */
export interface TaroHost {
	login(option?: any): Promise<any>;
	request(option: any): any;
	getStorageSync(key: string): any;
	setStorageSync(key: string, data: any): any;
	removeStorageSync?(key: string): any;
}

export declare function wxPlatform(wx: CallbackHost): Platform;
export declare function uniPlatform(uni: CallbackHost): Platform;
export declare function taroPlatform(taro: TaroHost): Platform;

export interface AuthPaths {
	login?: string;
	refresh?: string;
	logout?: string;
	phone?: string;
	sessions?: string;
}

interface CommonOptions {
	/** The backend, e.g. `https://api.example.com`; tokens are sent only to URLs under it. */
	baseUrl: string;
	/** Storage key of the tokens, default `wxmini-auth`. */
	storageKey?: string;
	/** Sent as `app_id` on login, for a backend serving several mini programs. */
	appId?: string;
	/** Sent as `device` on login and shown in the session list (1–64 printable characters). */
	device?: string;
	/** Endpoint paths, when the backend moved them. */
	paths?: AuthPaths;
	/** Request timeout in milliseconds. */
	timeout?: number;
	/** Refresh this long before the access token expires, default 60000. */
	expirySkewMs?: number;
	/** Clock in epoch milliseconds, default `Date.now`. */
	now?: () => number;
}

/** Exactly one host: `wx` (default: the global `wx`), `uni`, `taro` or any `platform`. */
export type AuthOptions = CommonOptions & (
	| { wx?: CallbackHost; uni?: undefined; taro?: undefined; platform?: undefined }
	| { uni: CallbackHost; wx?: undefined; taro?: undefined; platform?: undefined }
	| { taro: TaroHost; wx?: undefined; uni?: undefined; platform?: undefined }
	| { platform: Platform; wx?: undefined; uni?: undefined; taro?: undefined }
);

/** The body of `POST /wx/login` and `POST /wx/token/refresh` (contract §2). */
export interface LoginBody {
	access_token: string;
	token_type: 'Bearer';
	expires_in: number;
	refresh_token: string;
	refresh_expires_in: number;
	openid: string;
	unionid?: string;
	new_user: boolean;
	phone_bound: boolean;
	[member: string]: unknown;
}

/** The phone number members of `/wx/phone` and of a one-tap phone login. */
export interface PhoneNumber {
	phone_number: string;
	pure_phone_number: string;
	country_code: string;
}

export type PhoneLoginBody = LoginBody & PhoneNumber & { phone_bound: true };

export type PhoneBody = PhoneNumber & {
	access_token: string;
	token_type: 'Bearer';
	expires_in: number;
	[member: string]: unknown;
};

/** One entry of `GET /wx/sessions`. */
export interface Session {
	sid: string;
	current: boolean;
	device: string | null;
	created_at: string;
	refreshed_at: string | null;
	expires_at: string;
}

/** The event of `<button open-type="getPhoneNumber" bindgetphonenumber="…">`. */
export interface PhoneNumberEvent {
	type?: string;
	/** `code` is there when the user agreed; without it the client rejects with `phone_denied`. */
	detail: { code?: string; errMsg?: string };
}

export interface RequestOptions {
	/** A path under `baseUrl`, or a full URL under it. */
	url: string;
	method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS' | (string & {});
	data?: unknown;
	header?: Record<string, string>;
}

export interface Response<T = any> {
	statusCode: number;
	data: T;
	header: Record<string, unknown>;
}

export interface Auth {
	/** `wx.login` → `POST /wx/login`; concurrent callers share one login. */
	login(): Promise<LoginBody>;
	/** One-tap phone login: a fresh `wx.login` code and `e.detail.code` as `phone_code`. */
	loginWithPhone(event: PhoneNumberEvent): Promise<PhoneLoginBody>;
	/** A request with `Authorization: Bearer …`; logs in or refreshes as needed; rejects for status ≥ 400. */
	request<T = any>(options: RequestOptions): Promise<Response<T>>;
	/** `POST /wx/token/refresh`; one refresh however many callers. */
	refresh(): Promise<void>;
	/** `POST /wx/logout`; the stored tokens are cleared first. */
	logout(): Promise<void>;
	/** `POST /wx/phone` with the button's code; stores the new access token. */
	bindPhoneNumber(event: PhoneNumberEvent): Promise<PhoneBody>;
	/** `GET /wx/sessions`, newest first. */
	sessions(): Promise<Session[]>;
	/** `DELETE /wx/sessions/{sid}`. */
	endSession(sid: string): Promise<void>;
	/** `DELETE /wx/sessions`, this session included; the stored tokens are cleared. */
	logoutEverywhere(): Promise<void>;
	getAccessToken(): string | null;
	getOpenid(): string | null;
	isLoggedIn(): boolean;
	/** Forgets the stored tokens without calling the backend. */
	clear(): void;
}

export declare function createAuth(options: AuthOptions): Auth;
