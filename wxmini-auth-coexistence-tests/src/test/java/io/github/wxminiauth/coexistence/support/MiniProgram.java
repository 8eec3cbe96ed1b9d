package io.github.wxminiauth.coexistence.support;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mini program talking to a host through the starter's endpoints: {@code wx.login} gives it a
 * code, {@code POST /wx/login} turns the code into the starter's access token.
 */
public final class MiniProgram {

	private final HostHttp http;

	public MiniProgram(HostHttp http) {
		this.http = http;
	}

	/**
	 * Logs the user in and returns the access token.
	 * @param openid the user's openid at WeChat
	 * @return the starter's access token
	 */
	public String login(String openid) {
		HostHttp.Response login = loginResponse(openid);
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		return login.text("access_token");
	}

	/**
	 * Logs the user in and returns the whole answer.
	 * @param openid the user's openid at WeChat
	 * @return the answer of {@code POST /wx/login}
	 */
	public HostHttp.Response loginResponse(String openid) {
		String code = WeChat.loginCode(openid);
		return this.http.post("/wx/login").json("{\"code\":\"" + code + "\"}").send();
	}

}
