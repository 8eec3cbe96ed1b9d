'use strict';

/**
 * 后端契约（§3）里的错误码。The machine codes of the backend's contract (§3).
 */
var CONTRACT_ERRORS = [
	'invalid_request',
	'invalid_code',
	'user_blocked',
	'rate_limited',
	'wechat_unavailable',
	'server_misconfigured',
	'unauthorized',
	'invalid_token',
	'invalid_grant',
	'access_denied',
	'account_disabled',
	'not_found',
	'method_not_allowed'
];

/**
 * 客户端自己的错误码：没有来自后端的 problem 体时使用。The client's own codes, for failures without
 * a problem body from the backend.
 */
var CLIENT_ERRORS = [
	'phone_denied',
	'wx_login_failed',
	'network_error',
	'invalid_response',
	'logged_out',
	'http_error'
];

/**
 * 所有失败都以 AuthError 抛出（reject），不会被吞掉。
 *
 * Every failure of this client. `error` is the contract's machine code from the server's
 * `application/problem+json` body (see `CONTRACT_ERRORS`) or one of the client's own codes
 * (`CLIENT_ERRORS`): `phone_denied` (the user refused the phone number), `wx_login_failed`
 * (`login` of the platform failed), `network_error` (the request got no HTTP answer),
 * `invalid_response` (a success without the expected members), `logged_out` (`logout()` was called
 * while a login or refresh was under way), `http_error` (an error status without a problem body).
 */
class AuthError extends Error {

	/**
	 * @param {object} fields
	 * @param {number} fields.status HTTP status, `0` when there was no HTTP answer
	 * @param {string} fields.error machine code
	 * @param {string} [fields.detail] human-readable explanation
	 * @param {?number} [fields.retryAfter] seconds to wait, from the `Retry-After` header
	 * @param {?number} [fields.wxErrcode] WeChat's errcode, when WeChat produced the error
	 * @param {*} [fields.body] the response body as received
	 */
	constructor(fields) {
		var detail = fields.detail || '';
		super(fields.error + (fields.status ? ' (HTTP ' + fields.status + ')' : '') + (detail ? ': ' + detail : ''));
		this.name = 'AuthError';
		/** @type {number} */
		this.status = fields.status || 0;
		/** @type {string} */
		this.error = fields.error;
		/** @type {string} */
		this.detail = detail;
		/** @type {?number} */
		this.retryAfter = (fields.retryAfter === undefined) ? null : fields.retryAfter;
		/** @type {?number} */
		this.wxErrcode = (fields.wxErrcode === undefined) ? null : fields.wxErrcode;
		/** @type {*} */
		this.body = fields.body;
	}

}

module.exports = {
	AuthError: AuthError,
	CONTRACT_ERRORS: CONTRACT_ERRORS,
	CLIENT_ERRORS: CLIENT_ERRORS
};
