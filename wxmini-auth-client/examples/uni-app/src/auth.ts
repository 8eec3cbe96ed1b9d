// A uni-app project's auth module (e.g. src/utils/auth.ts) and a page's handlers.
import { AuthError, createAuth, uniPlatform } from 'wxmini-auth-client';

export const auth = createAuth({ baseUrl: 'https://api.example.com', uni });

// the adapter by hand, for a wrapped uni
export const sameAuth = createAuth({ baseUrl: 'https://api.example.com', platform: uniPlatform(uni), storageKey: 'auth' });

export async function onPhoneLogin(e: { detail: { code?: string; errMsg?: string } }): Promise<string> {
	try {
		const body = await auth.loginWithPhone(e);
		return body.phone_bound ? body.pure_phone_number : '';
	}
	catch (err) {
		if (err instanceof AuthError && err.error === 'phone_denied') {
			uni.showToast({ title: '需要手机号', icon: 'none' });
			return '';
		}
		throw err;
	}
}

export async function loadOrders(): Promise<number> {
	const res = await auth.request({ url: '/api/member/orders' });
	return res.statusCode;
}
