// A Taro project's auth module (e.g. src/utils/auth.ts) and a page's handlers.
import Taro from '@tarojs/taro';
import { AuthError, PhoneNumberEvent, createAuth, taroPlatform } from 'wxmini-auth-client';

export const auth = createAuth({ baseUrl: 'https://api.example.com', taro: Taro });

export const sameAuth = createAuth({ baseUrl: 'https://api.example.com', platform: taroPlatform(Taro) });

// <Button openType='getPhoneNumber' onGetPhoneNumber={onPhoneLogin}>
export function onPhoneLogin(e: PhoneNumberEvent): Promise<void> {
	return auth.loginWithPhone(e).then((body) => {
		Taro.setStorageSync('phone', body.pure_phone_number);
	}, (err: unknown) => {
		if (err instanceof AuthError && err.error === 'phone_denied') {
			Taro.showToast({ title: '需要手机号', icon: 'none' });
			return;
		}
		throw err;
	});
}

export async function sessionsText(): Promise<string> {
	const sessions = await auth.sessions();
	return sessions.map((s) => `${s.sid} ${s.current}`).join('\n');
}
