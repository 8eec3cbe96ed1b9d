// A native mini program's app.ts and a page, as in the package's README.
import { Auth, AuthError, createAuth } from 'wxmini-auth-client';

interface AppOption {
	auth: Auth;
}

App<AppOption>({
	auth: createAuth({ baseUrl: 'https://api.example.com', wx, device: 'devtools', timeout: 10000 }),
	onLaunch() {
		this.auth.login().then((body) => console.log(body.openid, body.new_user));
	}
});

const auth = getApp<AppOption>().auth;

function describe(err: unknown): string {
	if (err instanceof AuthError) {
		if (err.error === 'phone_denied') {
			return '需要手机号';
		}
		if (err.error === 'rate_limited' && err.retryAfter !== null) {
			return `请 ${err.retryAfter} 秒后再试`;
		}
		return `${err.error} (HTTP ${err.status})${err.wxErrcode === null ? '' : ` wx ${err.wxErrcode}`}`;
	}
	return String(err);
}

Page({
	data: { phone: '', sessions: [] as string[], error: '' },

	onPhoneLogin(e: WechatMiniprogram.ButtonGetPhoneNumber) {
		auth.loginWithPhone(e)
			.then((body) => this.setData({ phone: body.pure_phone_number }))
			.catch((err: unknown) => this.setData({ error: describe(err) }));
	},

	onBindPhone(e: WechatMiniprogram.ButtonGetPhoneNumber) {
		auth.bindPhoneNumber(e).then((body) => this.setData({ phone: body.phone_number }));
	},

	async onSessions() {
		const sessions = await auth.sessions();
		this.setData({ sessions: sessions.map((s) => `${s.device ?? '?'} ${s.current ? '(current)' : s.created_at}`) });
		const other = sessions.find((s) => !s.current);
		if (other) {
			await auth.endSession(other.sid);
		}
	},

	async onOrders() {
		const res = await auth.request<{ orders: unknown[] }>({ url: '/api/member/orders', method: 'GET' });
		console.log(res.statusCode, res.data.orders.length, auth.getAccessToken(), auth.isLoggedIn());
	},

	onLogout() {
		auth.logout().then(() => auth.logoutEverywhere()).catch(() => auth.clear());
	}
});
