'use strict';

/**
 * wxmini-auth 小程序端客户端的核心：登录、一键手机号登录、令牌存储、自动携带 Authorization、401 时刷新令牌、
 * 登出、绑定手机号、会话列表。只通过平台适配器（./platforms）访问宿主，所以原生小程序、uni-app、Taro 行为一致。
 *
 * The core of the client, platform-neutral: it reaches its host only through an adapter of
 * `./platforms`, so it behaves the same in a native mini program, uni-app and Taro.
 *
 * @module wxmini-auth-client/lib/client
 */

var AuthError = require('./errors').AuthError;
var platforms = require('./platforms');

var DEFAULT_STORAGE_KEY = 'wxmini-auth';

var DEFAULT_PATHS = {
	login: '/wx/login',
	refresh: '/wx/token/refresh',
	logout: '/wx/logout',
	phone: '/wx/phone',
	sessions: '/wx/sessions'
};

// 提前刷新：access token 剩余不到这么久时先刷新，避免请求在路上过期
var DEFAULT_EXPIRY_SKEW_MS = 60 * 1000;

/**
 * 选出平台：`platform`、`wx`、`uni`、`taro` 至多给一个；都不给时用全局的 `wx`。
 * Picks the host: at most one of `platform`, `wx`, `uni`, `taro`; none means the global `wx`.
 */
function platformOf(opts) {
	var given = ['platform', 'wx', 'uni', 'taro'].filter(function (name) {
		return opts[name] !== undefined && opts[name] !== null;
	});
	if (given.length > 1) {
		throw new TypeError('createAuth: pass only one of ' + given.join(', '));
	}
	switch (given[0]) {
		case 'platform':
			return opts.platform;
		case 'uni':
			return platforms.uniPlatform(opts.uni);
		case 'taro':
			return platforms.taroPlatform(opts.taro);
		case 'wx':
			return platforms.wxPlatform(opts.wx);
		default:
			if (typeof wx === 'undefined') { // eslint-disable-line no-undef
				throw new TypeError('createAuth: no wx API; pass options.wx, options.uni or options.taro');
			}
			return platforms.wxPlatform(wx); // eslint-disable-line no-undef
	}
}

/**
 * 创建一个客户端实例（通常整个小程序一个，放在 `getApp()` 上）。
 *
 * @param {object} options
 * @param {string} options.baseUrl backend base URL, e.g. `https://api.example.com`
 * @param {object} [options.wx] a native mini program's `wx`; the global `wx` when no host is given
 * @param {object} [options.uni] uni-app's `uni` instead
 * @param {object} [options.taro] Taro's `Taro` instead
 * @param {object} [options.platform] any other host, shaped like the adapters of `./platforms`
 * @param {string} [options.device] a label of this device, sent as `device` on login (1–64 printable characters)
 * @param {string} [options.storageKey='wxmini-auth'] storage key of the tokens
 * @param {string} [options.appId] sent as `app_id` on login, for backends serving several mini programs
 * @param {object} [options.paths] endpoint paths, to override `login`, `refresh`, `logout`, `phone`, `sessions`
 * @param {number} [options.timeout] request timeout in milliseconds
 * @param {number} [options.expirySkewMs=60000] refresh this long before the access token expires
 * @param {function(): number} [options.now=Date.now] clock, in epoch milliseconds
 * @returns {Auth}
 */
function createAuth(options) {
	var opts = options || {};
	if (typeof opts.baseUrl !== 'string' || !/^https?:\/\//.test(opts.baseUrl)) {
		throw new TypeError('createAuth: baseUrl must be an http(s) URL');
	}
	if (opts.device !== undefined && (typeof opts.device !== 'string' || !/^[\x20-\x7e\u00a0-\uffff]{1,64}$/.test(opts.device))) {
		throw new TypeError('createAuth: device must be 1 to 64 printable characters');
	}
	var host = platformOf(opts);
	var baseUrl = opts.baseUrl.replace(/\/+$/, '');
	var storageKey = opts.storageKey || DEFAULT_STORAGE_KEY;
	var paths = Object.assign({}, DEFAULT_PATHS, opts.paths);
	var now = opts.now || Date.now;
	var skew = (opts.expirySkewMs === undefined) ? DEFAULT_EXPIRY_SKEW_MS : opts.expirySkewMs;

	// 单飞（single flight）：同一时刻最多一个登录、一个刷新，并发调用者共享同一个 Promise
	var loginInFlight = null;
	var renewInFlight = null;
	// logout() 使正在进行的登录/刷新作废，防止它们在登出之后又把令牌写回去
	var epoch = 0;

	function readTokens() {
		var stored = host.getItem(storageKey);
		return (stored && typeof stored === 'object' && stored.accessToken) ? stored : null;
	}

	function writeTokens(tokens) {
		host.setItem(storageKey, tokens);
	}

	function clearTokens() {
		host.removeItem(storageKey);
	}

	function expiring(tokens) {
		return typeof tokens.expiresAt === 'number' && tokens.expiresAt - skew <= now();
	}

	function refreshUsable(tokens) {
		return !!(tokens && tokens.refreshToken) &&
			(typeof tokens.refreshExpiresAt !== 'number' || tokens.refreshExpiresAt > now());
	}

	function urlOf(url) {
		if (/^https?:\/\//.test(url)) {
			// 令牌只发给自己的后端，绝不发给第三方域名
			if (url !== baseUrl && url.indexOf(baseUrl + '/') !== 0 && url.indexOf(baseUrl + '?') !== 0) {
				throw new TypeError('auth.request: ' + url + ' is not under ' + baseUrl);
			}
			return url;
		}
		return baseUrl + (url.charAt(0) === '/' ? '' : '/') + url;
	}

	/** One request; resolves with any HTTP status, rejects only when there is no answer. */
	function send(request) {
		return host.request({
			url: request.url,
			method: request.method || 'GET',
			header: request.header || {},
			data: request.data,
			timeout: opts.timeout
		}).then(function (res) {
			return { statusCode: res.statusCode, data: parseBody(res.data), header: res.header || {} };
		}, function (err) {
			throw new AuthError({ status: 0, error: 'network_error',
				detail: (err && err.errMsg) || 'request failed' });
		});
	}

	function post(path, data, accessToken) {
		var header = { 'content-type': 'application/json' };
		if (accessToken) {
			header.Authorization = 'Bearer ' + accessToken;
		}
		return send({ url: urlOf(path), method: 'POST', data: data, header: header });
	}

	function errorOf(res) {
		var body = res.data;
		var problem = (body && typeof body === 'object') ? body : {};
		return new AuthError({
			status: res.statusCode,
			error: (typeof problem.error === 'string' && problem.error) || 'http_error',
			detail: problem.detail || problem.title || (typeof body === 'string' ? body : ''),
			retryAfter: retryAfterOf(headerOf(res.header, 'retry-after'), now()),
			wxErrcode: (typeof problem.wx_errcode === 'number') ? problem.wx_errcode : null,
			body: body
		});
	}

	function tokensOf(body, previous) {
		if (!body || typeof body.access_token !== 'string' || !body.access_token) {
			throw new AuthError({ status: 200, error: 'invalid_response', detail: 'no access_token in the response', body: body });
		}
		var base = previous || {};
		var time = now();
		return {
			accessToken: body.access_token,
			expiresAt: (typeof body.expires_in === 'number') ? time + body.expires_in * 1000 : null,
			refreshToken: body.refresh_token || base.refreshToken || null,
			refreshExpiresAt: (typeof body.refresh_expires_in === 'number') ? time + body.refresh_expires_in * 1000
				: (base.refreshExpiresAt || null),
			openid: body.openid || base.openid || null
		};
	}

	function checkEpoch(started) {
		if (started !== epoch) {
			throw new AuthError({ status: 0, error: 'logged_out', detail: 'logout() was called meanwhile' });
		}
	}

	/** Shares one promise between concurrent callers and forgets it once settled. */
	function singleFlight(get, set, run) {
		var current = get();
		if (current) {
			return current;
		}
		var promise = run().then(function (value) {
			if (get() === promise) {
				set(null);
			}
			return value;
		}, function (err) {
			if (get() === promise) {
				set(null);
			}
			throw err;
		});
		set(promise);
		return promise;
	}

	function wxLogin() {
		return Promise.resolve().then(function () {
			return host.login();
		}).then(null, function (err) {
			throw new AuthError({ status: 0, error: 'wx_login_failed', detail: (err && err.errMsg) || 'login failed' });
		});
	}

	async function doLogin(phoneCode) {
		var started = epoch;
		var code = await wxLogin();
		var data = { code: code };
		if (opts.appId) {
			data.app_id = opts.appId;
		}
		if (opts.device) {
			data.device = opts.device;
		}
		if (phoneCode) {
			data.phone_code = phoneCode;
		}
		var res = await post(paths.login, data);
		if (res.statusCode !== 200) {
			throw errorOf(res);
		}
		var tokens = tokensOf(res.data, null);
		checkEpoch(started);
		writeTokens(tokens);
		return res.data;
	}

	/** POST /wx/token/refresh; resolves with the new tokens, rejects with the server's error. */
	async function rotate(tokens) {
		var res = await post(paths.refresh, { refresh_token: tokens.refreshToken });
		if (res.statusCode !== 200) {
			throw errorOf(res);
		}
		return { body: res.data, tokens: tokensOf(res.data, tokens) };
	}

	async function doRenew() {
		var started = epoch;
		var tokens = readTokens();
		if (!refreshUsable(tokens)) {
			clearTokens();
			await login();
			return;
		}
		var rotated;
		try {
			rotated = await rotate(tokens);
		}
		catch (err) {
			if (err instanceof AuthError && err.error === 'invalid_grant') {
				// refresh token 已失效（过期、被撤销或被他处登出）：清除后重新登录一次
				checkEpoch(started);
				clearTokens();
				await login();
				return;
			}
			if (err instanceof AuthError && err.error === 'account_disabled') {
				// 账号被禁用：会话已结束，不再刷新也不重新登录，把错误交给页面
				checkEpoch(started);
				clearTokens();
			}
			throw err;
		}
		checkEpoch(started);
		writeTokens(rotated.tokens);
	}

	/**
	 * 登录：`wx.login` 取 code，`POST /wx/login` 换令牌并保存。并发调用只发起一次登录。
	 *
	 * Logs in: a code from `wx.login`, exchanged at `POST /wx/login`; the tokens are stored.
	 * Concurrent callers share one login.
	 * @returns {Promise<object>} the `/wx/login` response body (`openid`, `new_user`, `phone_bound`, …)
	 * @throws {AuthError} e.g. `invalid_code`, `user_blocked`, `rate_limited`, `wechat_unavailable`
	 */
	function login() {
		return singleFlight(function () { return loginInFlight; }, function (p) { loginInFlight = p; }, function () {
			return doLogin(null);
		});
	}

	/**
	 * 一键手机号登录：传入 `<button open-type="getPhoneNumber" bindgetphonenumber="…">` 的事件对象。
	 * 取一个新的 `wx.login` code，与 `e.detail.code` 一起（`phone_code`）发给 `POST /wx/login`：
	 * 一次请求完成登录和绑定手机号，返回的 access token 已带绑定后的权限。用户拒绝时以 `phone_denied` reject，
	 * 不调用服务端；手机号那一步失败时什么都不保存，再调用一次即可（每次都会取新的 `wx.login` code）。
	 *
	 * One-tap phone login from a `bindgetphonenumber` event: a fresh `wx.login` code and
	 * `e.detail.code` go together to `POST /wx/login` (`phone_code`), which logs in and binds the
	 * number at once; the stored access token already carries the authorities after binding.
	 * Concurrent requests wait for it instead of starting a login of their own.
	 * @param {{detail: {code: (string|undefined), errMsg: string}}} event the button's event
	 * @returns {Promise<object>} the `/wx/login` body plus `phone_number`, `pure_phone_number`, `country_code`
	 * @throws {AuthError} `phone_denied` when the user refused, else the server's error
	 *   (`invalid_code` for a bad phone code, `account_disabled`, …); nothing is stored then
	 */
	function loginWithPhone(event) {
		var detail = (event && event.detail) || {};
		if (!detail.code) {
			return Promise.reject(new AuthError({ status: 0, error: 'phone_denied',
				detail: detail.errMsg || 'the user did not share the phone number' }));
		}
		var promise = doLogin(detail.code);
		// 进行中的请求等这次登录，而不是另起一次普通登录
		var tracked = promise.then(function (value) {
			if (loginInFlight === tracked) {
				loginInFlight = null;
			}
			return value;
		}, function (err) {
			if (loginInFlight === tracked) {
				loginInFlight = null;
			}
			throw err;
		});
		loginInFlight = tracked;
		return tracked;
	}

	/**
	 * 刷新令牌：`POST /wx/token/refresh`；refresh token 无效（`invalid_grant`）时清除令牌并重新登录一次。
	 * 并发调用只发起一次刷新。
	 *
	 * Renews the tokens with `POST /wx/token/refresh`; if the server answers `invalid_grant`, clears
	 * them and logs in again, once. Concurrent callers share one refresh.
	 * @returns {Promise<void>}
	 * @throws {AuthError}
	 */
	function refresh() {
		return singleFlight(function () { return renewInFlight; }, function (p) { renewInFlight = p; }, doRenew);
	}

	async function currentAccessToken() {
		if (renewInFlight) {
			await renewInFlight;
		}
		var tokens = readTokens();
		if (!tokens) {
			await login();
		}
		else if (expiring(tokens)) {
			await refresh();
		}
		tokens = readTokens();
		if (!tokens) {
			throw new AuthError({ status: 0, error: 'logged_out', detail: 'no access token after logging in' });
		}
		return tokens.accessToken;
	}

	function tokenRejected(res) {
		if (res.statusCode !== 401) {
			return false;
		}
		var error = (res.data && typeof res.data === 'object') ? res.data.error : undefined;
		// 401 invalid_code（比如手机号 code 无效）与令牌无关，刷新也无济于事
		return error === undefined || error === 'invalid_token' || error === 'unauthorized' ||
			/^\s*Bearer/i.test(headerOf(res.header, 'www-authenticate') || '');
	}

	function authorized(request, accessToken) {
		var header = Object.assign({}, request.header);
		Object.keys(header).forEach(function (name) {
			if (name.toLowerCase() === 'authorization') {
				delete header[name];
			}
		});
		header.Authorization = 'Bearer ' + accessToken;
		return { url: request.url, method: request.method, data: request.data, header: header };
	}

	/**
	 * 发起带令牌的请求（包装 `wx.request`）：没有令牌先登录；令牌快过期先刷新；遇到 401 刷新一次后重试一次。
	 * HTTP 状态 ≥ 400 时以 AuthError reject。
	 *
	 * `wx.request` with `Authorization: Bearer …`. Logs in first when there is no token, refreshes
	 * first when it is about to expire, and on a 401 refreshes (one refresh for all concurrent
	 * requests) and retries the request once.
	 * @param {object} options as for `wx.request`: `url` (a path under `baseUrl`, or a full URL under
	 *   it), `method`, `data`, `header`
	 * @returns {Promise<{statusCode: number, data: *, header: object}>} the response, status < 400
	 * @throws {AuthError} for any status ≥ 400 (`access_denied` for 403, …) or a failed request
	 */
	async function request(options) {
		if (!options || typeof options.url !== 'string') {
			throw new TypeError('auth.request: options.url is required');
		}
		var base = {
			url: urlOf(options.url),
			method: (options.method || 'GET').toUpperCase(),
			data: options.data,
			header: options.header
		};
		var accessToken = await currentAccessToken();
		var res = await send(authorized(base, accessToken));
		if (tokenRejected(res)) {
			var stored = readTokens();
			// 别的请求已经换到了新令牌时直接重试，不再刷新
			if (!stored || stored.accessToken === accessToken) {
				await refresh();
			}
			res = await send(authorized(base, await currentAccessToken()));
		}
		if (res.statusCode >= 400) {
			throw errorOf(res);
		}
		return res;
	}

	/**
	 * 登出：`POST /wx/logout`，无论调用成功与否都会清除本地令牌。服务端答 401 说明会话已经结束，视为成功。
	 *
	 * Logs out with `POST /wx/logout`. The stored tokens are cleared first, so they are gone even if
	 * the call fails (the failure is still reported). A 401 means the session had already ended and
	 * counts as success. An expired access token is refreshed first so that the server really
	 * revokes the session.
	 * @returns {Promise<void>}
	 * @throws {AuthError} e.g. `network_error`, `temporarily_unavailable`
	 */
	async function logout() {
		var tokens = readTokens();
		epoch++;
		loginInFlight = null;
		renewInFlight = null;
		clearTokens();
		if (!tokens) {
			return;
		}
		var accessToken = tokens.accessToken;
		if (expiring(tokens) && refreshUsable(tokens)) {
			try {
				accessToken = (await rotate(tokens)).tokens.accessToken;
			}
			catch (err) {
				if (err instanceof AuthError && err.error === 'invalid_grant') {
					return;
				}
				throw err;
			}
		}
		var res = await post(paths.logout, undefined, accessToken);
		if (res.statusCode >= 400 && res.statusCode !== 401) {
			throw errorOf(res);
		}
	}

	/**
	 * 绑定手机号：传入 `<button open-type="getPhoneNumber" bindgetphonenumber="…">` 的事件对象。
	 * 用户拒绝（没有 `e.detail.code`）时以 `phone_denied` reject。成功后保存返回的新 access token
	 * （带 `PHONE_VERIFIED` 等新权限）。
	 *
	 * Binds the phone number from a `bindgetphonenumber` event with `POST /wx/phone` and stores the
	 * new access token it returns (carrying the updated authorities).
	 * @param {{detail: {code: (string|undefined), errMsg: string}}} event the button's event
	 * @returns {Promise<object>} the `/wx/phone` body (`phone_number`, `pure_phone_number`, `country_code`, …)
	 * @throws {AuthError} `phone_denied` when the user refused, else the server's error (`invalid_code`, …)
	 */
	async function bindPhoneNumber(event) {
		var detail = (event && event.detail) || {};
		if (!detail.code) {
			throw new AuthError({ status: 0, error: 'phone_denied',
				detail: detail.errMsg || 'the user did not share the phone number' });
		}
		var res = await request({ url: paths.phone, method: 'POST', data: { code: detail.code },
			header: { 'content-type': 'application/json' } });
		var tokens = tokensOf(res.data, readTokens());
		writeTokens(tokens);
		return res.data;
	}

	/**
	 * 我的会话：`GET /wx/sessions`，新的在前，`current` 标出当前这个。
	 *
	 * The caller's live sessions (`GET /wx/sessions`), newest first; `current` marks this one.
	 * @returns {Promise<Array<{sid: string, current: boolean, device: ?string, created_at: string, refreshed_at: ?string, expires_at: string}>>}
	 * @throws {AuthError} the server's error
	 */
	async function sessions() {
		var res = await request({ url: paths.sessions, method: 'GET' });
		if (res.statusCode !== 200) {
			throw errorOf(res);
		}
		return res.data.sessions;
	}

	/**
	 * 结束自己的一个会话：`DELETE /wx/sessions/{sid}`（例如“下线其他设备”）。
	 *
	 * Ends one of the caller's sessions (`DELETE /wx/sessions/{sid}`), e.g. another device's. Ending
	 * the current one is a logout: the next request finds the session gone and logs in again.
	 * @param {string} sid the session
	 * @returns {Promise<void>}
	 * @throws {AuthError} `not_found` when it is not one of the caller's live sessions
	 */
	async function endSession(sid) {
		var res = await request({ url: paths.sessions + '/' + encodeURIComponent(sid), method: 'DELETE' });
		if (res.statusCode !== 204) {
			throw errorOf(res);
		}
	}

	/**
	 * 退出所有设备：`DELETE /wx/sessions`，包括当前这个；本地令牌随之清除。
	 *
	 * Logs out everywhere (`DELETE /wx/sessions`), this session included; the stored tokens are
	 * cleared.
	 * @returns {Promise<void>}
	 */
	async function logoutEverywhere() {
		var res = await request({ url: paths.sessions, method: 'DELETE' });
		epoch++;
		loginInFlight = null;
		renewInFlight = null;
		clearTokens();
		if (res.statusCode !== 204) {
			throw errorOf(res);
		}
	}

	/**
	 * Auth 实例。
	 * @typedef {object} Auth
	 * @property {function(): Promise<object>} login
	 * @property {function(object): Promise<object>} loginWithPhone one-tap phone login
	 * @property {function(object): Promise<object>} request
	 * @property {function(): Promise<void>} refresh
	 * @property {function(): Promise<void>} logout
	 * @property {function(object): Promise<object>} bindPhoneNumber
	 * @property {function(): Promise<Array<object>>} sessions the caller's live sessions
	 * @property {function(string): Promise<void>} endSession ends one of them
	 * @property {function(): Promise<void>} logoutEverywhere ends them all
	 * @property {function(): ?string} getAccessToken the stored access token, or `null`
	 * @property {function(): ?string} getOpenid the openid of the stored session, or `null`
	 * @property {function(): boolean} isLoggedIn whether tokens are stored
	 * @property {function(): void} clear forgets the stored tokens without calling the server
	 */
	return {
		login: login,
		loginWithPhone: loginWithPhone,
		request: request,
		refresh: refresh,
		logout: logout,
		bindPhoneNumber: bindPhoneNumber,
		sessions: sessions,
		endSession: endSession,
		logoutEverywhere: logoutEverywhere,
		getAccessToken: function () {
			var tokens = readTokens();
			return tokens ? tokens.accessToken : null;
		},
		getOpenid: function () {
			var tokens = readTokens();
			return tokens ? tokens.openid : null;
		},
		isLoggedIn: function () {
			return readTokens() !== null;
		},
		clear: clearTokens
	};
}

function parseBody(data) {
	if (typeof data === 'string' && data) {
		try {
			return JSON.parse(data);
		}
		catch (err) {
			return data;
		}
	}
	return data;
}

function headerOf(header, name) {
	if (!header) {
		return undefined;
	}
	var keys = Object.keys(header);
	for (var i = 0; i < keys.length; i++) {
		if (keys[i].toLowerCase() === name) {
			return header[keys[i]];
		}
	}
	return undefined;
}

/** `Retry-After` as seconds: either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterOf(value, time) {
	if (value === undefined || value === null || value === '') {
		return null;
	}
	var text = String(value).trim();
	if (/^\d+$/.test(text)) {
		return parseInt(text, 10);
	}
	var date = Date.parse(text);
	return isNaN(date) ? null : Math.max(0, Math.ceil((date - time) / 1000));
}

module.exports = {
	createAuth: createAuth
};
