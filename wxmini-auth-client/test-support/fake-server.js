'use strict';

// An in-process backend that speaks the wxmini-auth contract (§2, §3) over real HTTP on a free loopback
// port: logins with minted codes (and one-tap phone login), refresh-token rotation with reuse detection,
// logout, phone binding, the session list, disabled users, and answers scripted per path for the errors
// a test needs on demand.

const crypto = require('node:crypto');
const http = require('node:http');

const ACCESS_TTL_S = 7200;
const REFRESH_TTL_S = 2592000;

function random(prefix) {
	return prefix + crypto.randomBytes(12).toString('hex');
}

function problem(status, error, detail, extra) {
	return { status, body: Object.assign({ type: 'about:blank', title: http.STATUS_CODES[status], status, detail, error }, extra) };
}

async function readJson(req) {
	const chunks = [];
	for await (const chunk of req) {
		chunks.push(chunk);
	}
	const text = Buffer.concat(chunks).toString('utf8');
	if (!text) {
		return undefined;
	}
	try {
		return JSON.parse(text);
	}
	catch (err) {
		return null;
	}
}

/**
 * Starts the fake backend.
 * @returns {Promise<FakeServer>}
 */
async function startFakeServer() {
	const loginCodes = new Map(); // code → openid, or null once used
	const phoneCodes = new Map(); // code → {phone, openid}
	const users = new Map(); // openid → {phone, disabled}
	const sessions = new Map(); // sid → {openid, device, createdAt, refreshedAt, expiresAt}
	const accessTokens = new Map(); // token → {openid, sid, authorities}
	const refreshTokens = new Map(); // token → {sid, spent}
	const scripted = new Map(); // path → [answers]
	const calls = [];

	function authoritiesOf(openid) {
		return users.get(openid).phone ? ['ROLE_USER', 'PHONE_VERIFIED'] : ['ROLE_USER'];
	}

	function issueAccess(sid) {
		const session = sessions.get(sid);
		const token = random('at_');
		accessTokens.set(token, { openid: session.openid, sid, authorities: authoritiesOf(session.openid) });
		return token;
	}

	function issue(sid) {
		const refresh = random('rt_');
		refreshTokens.set(refresh, { sid, spent: false });
		const session = sessions.get(sid);
		session.expiresAt = new Date(Date.now() + REFRESH_TTL_S * 1000);
		return { access_token: issueAccess(sid), token_type: 'Bearer', expires_in: ACCESS_TTL_S, refresh_token: refresh,
			refresh_expires_in: REFRESH_TTL_S, openid: session.openid };
	}

	function endSession(sid) {
		sessions.delete(sid);
		for (const [token, access] of accessTokens) {
			if (access.sid === sid) {
				accessTokens.delete(token);
			}
		}
	}

	function phoneMembers(phone) {
		return { phone_number: `+86 ${phone}`, pure_phone_number: phone, country_code: '86' };
	}

	function redeemPhone(code, openid) {
		const minted = phoneCodes.get(code);
		phoneCodes.delete(code);
		if (!minted || (minted.openid && minted.openid !== openid)) {
			return null;
		}
		return minted.phone;
	}

	function bearer(req) {
		const header = req.headers.authorization;
		if (!header) {
			return { error: Object.assign(problem(401, 'unauthorized', 'Full authentication is required'),
				{ headers: { 'www-authenticate': 'Bearer' } }) };
		}
		const access = accessTokens.get(header.replace(/^Bearer /, ''));
		if (!access || !sessions.has(access.sid) || users.get(access.openid).disabled) {
			return { error: Object.assign(problem(401, 'invalid_token', 'The access token is invalid'),
				{ headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }) };
		}
		return { access };
	}

	const routes = {
		'POST /wx/login': async (req, body) => {
			if (!body || typeof body.code !== 'string' || !body.code) {
				return problem(400, 'invalid_request', 'code is required');
			}
			if (body.device !== undefined && (typeof body.device !== 'string' || body.device.length > 64)) {
				return problem(400, 'invalid_request', 'device must be 1 to 64 printable characters');
			}
			if (!loginCodes.has(body.code)) {
				return problem(401, 'invalid_code', 'WeChat rejected the code', { wx_errcode: 40029 });
			}
			const openid = loginCodes.get(body.code);
			if (openid === null) {
				return problem(401, 'invalid_code', 'The code was already used', { wx_errcode: 40163 });
			}
			loginCodes.set(body.code, null);
			const newUser = !users.has(openid);
			if (!newUser && users.get(openid).disabled) {
				// a disabled user's phone code is not redeemed
				return problem(403, 'account_disabled', 'The account is disabled');
			}
			let phone = null;
			if (body.phone_code !== undefined) {
				phone = redeemPhone(body.phone_code, openid);
				if (phone === null) {
					// the phone step failed: nothing is written, not even a new user
					return problem(401, 'invalid_code', 'WeChat rejected the phone code', { wx_errcode: 40029 });
				}
			}
			if (newUser) {
				users.set(openid, { phone: null, disabled: false });
			}
			if (phone !== null) {
				users.get(openid).phone = phone;
			}
			const sid = random('sid_');
			sessions.set(sid, { openid, device: body.device || null, createdAt: new Date(), refreshedAt: null, expiresAt: null });
			const answer = Object.assign(issue(sid), { new_user: newUser, phone_bound: users.get(openid).phone !== null },
				phone !== null ? phoneMembers(phone) : {});
			return { status: 200, body: answer };
		},
		'POST /wx/token/refresh': async (req, body) => {
			const held = body && refreshTokens.get(body.refresh_token);
			if (!held || !sessions.has(held.sid)) {
				return problem(401, 'invalid_grant', 'The refresh token is invalid');
			}
			if (held.spent) {
				endSession(held.sid);
				return problem(401, 'invalid_grant', 'The refresh token was used before');
			}
			const session = sessions.get(held.sid);
			if (users.get(session.openid).disabled) {
				return problem(403, 'account_disabled', 'The account is disabled');
			}
			held.spent = true;
			session.refreshedAt = new Date();
			const user = users.get(session.openid);
			return { status: 200, body: Object.assign(issue(held.sid), { new_user: false, phone_bound: user.phone !== null }) };
		},
		'POST /wx/logout': async (req) => {
			const { access, error } = bearer(req);
			if (error) {
				return error;
			}
			endSession(access.sid);
			return { status: 204 };
		},
		'POST /wx/phone': async (req, body) => {
			const { access, error } = bearer(req);
			if (error) {
				return error;
			}
			if (!body || typeof body.code !== 'string' || !body.code) {
				return problem(400, 'invalid_request', 'code is required');
			}
			const phone = redeemPhone(body.code, access.openid);
			if (phone === null) {
				return problem(401, 'invalid_code', 'WeChat rejected the phone code', { wx_errcode: 40029 });
			}
			users.get(access.openid).phone = phone;
			return { status: 200, body: Object.assign(phoneMembers(phone),
				{ access_token: issueAccess(access.sid), token_type: 'Bearer', expires_in: ACCESS_TTL_S }) };
		},
		'GET /wx/sessions': async (req) => {
			const { access, error } = bearer(req);
			if (error) {
				return error;
			}
			const list = [...sessions].filter(([, session]) => session.openid === access.openid).reverse()
				.map(([sid, session]) => ({ sid, current: sid === access.sid, device: session.device,
					created_at: session.createdAt.toISOString(),
					refreshed_at: session.refreshedAt && session.refreshedAt.toISOString(),
					expires_at: session.expiresAt.toISOString() }));
			return { status: 200, body: { sessions: list } };
		},
		'DELETE /wx/sessions': async (req) => {
			const { access, error } = bearer(req);
			if (error) {
				return error;
			}
			for (const [sid, session] of [...sessions]) {
				if (session.openid === access.openid) {
					endSession(sid);
				}
			}
			return { status: 204 };
		},
		'GET /api/me': async (req) => {
			const { access, error } = bearer(req);
			if (error) {
				return error;
			}
			return { status: 200, body: { openid: access.openid, phone_number: users.get(access.openid).phone,
				authorities: access.authorities } };
		},
		'GET /api/member/orders': async (req) => {
			const { access, error } = bearer(req);
			if (error) {
				return error;
			}
			if (!access.authorities.includes('PHONE_VERIFIED')) {
				return problem(403, 'access_denied', 'Access denied');
			}
			return { status: 200, body: { orders: [] } };
		}
	};

	async function answer(req) {
		const url = new URL(req.url, 'http://localhost');
		const body = await readJson(req);
		const call = { method: req.method, path: url.pathname, header: req.headers, body, status: null, answer: undefined };
		calls.push(call);
		let result;
		const queue = scripted.get(url.pathname);
		if (queue && queue.length) {
			result = queue.shift();
		}
		else {
			const endSessionMatch = /^\/wx\/sessions\/([^/]+)$/.exec(url.pathname);
			if (req.method === 'DELETE' && endSessionMatch) {
				const { access, error } = bearer(req);
				const sid = decodeURIComponent(endSessionMatch[1]);
				const session = sessions.get(sid);
				result = error || ((session && session.openid === access.openid) ? (endSession(sid), { status: 204 })
					: problem(404, 'not_found', 'No such session'));
			}
			else {
				const route = routes[`${req.method} ${url.pathname}`];
				result = route ? await route(req, body) : problem(404, 'not_found', 'No such endpoint');
			}
		}
		call.status = result.status;
		call.answer = result.body;
		return result;
	}

	const server = http.createServer((req, res) => {
		answer(req).then((result) => {
			const headers = Object.assign({}, result.headers);
			if (result.body === undefined) {
				res.writeHead(result.status, headers);
				res.end();
				return;
			}
			const text = (typeof result.body === 'string') ? result.body : JSON.stringify(result.body);
			if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
				headers['content-type'] = (typeof result.body === 'string') ? 'text/plain'
					: (result.status >= 400 ? 'application/problem+json' : 'application/json');
			}
			res.writeHead(result.status, headers);
			res.end(text);
		}, (err) => {
			res.writeHead(500, { 'content-type': 'text/plain' });
			res.end(String(err && err.stack));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const baseUrl = `http://127.0.0.1:${server.address().port}`;

	/**
	 * @typedef {object} FakeServer
	 */
	return {
		baseUrl,
		calls,
		/** A one-shot login code of the user (a new user when openid is absent); resolves with {code, openid}. */
		mintLoginCode(openid) {
			const user = openid || random('o_');
			const code = random('code_');
			loginCodes.set(code, user);
			return { code, openid: user };
		},
		/** A one-shot phone code, for the given user only when openid is given. */
		mintPhoneCode(phone, openid) {
			const code = random('phone_');
			phoneCodes.set(code, { phone, openid: openid || null });
			return code;
		},
		/** The next answers to a path, in order, instead of the contract's behaviour: {status, body, headers}. */
		script(path, ...answers) {
			scripted.set(path, (scripted.get(path) || []).concat(answers));
		},
		disable(openid) {
			users.get(openid).disabled = true;
		},
		enable(openid) {
			users.get(openid).disabled = false;
		},
		user(openid) {
			return users.get(openid);
		},
		count(path) {
			return calls.filter((call) => call.path === path).length;
		},
		reset() {
			calls.splice(0, calls.length);
		},
		stop() {
			server.closeAllConnections();
			return new Promise((resolve) => server.close(resolve));
		}
	};
}

module.exports = { startFakeServer, problem };
