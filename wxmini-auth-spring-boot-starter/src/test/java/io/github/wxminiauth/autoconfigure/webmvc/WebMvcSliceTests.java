package io.github.wxminiauth.autoconfigure.webmvc;

import java.util.List;

import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.user.WxUserDetails;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A {@code @WebMvcTest} of an application's controller gets the starter's security, so the
 * controller is tested with the same bearer tokens and errors as in production.
 */
@WebMvcTest(controllers = VipController.class,
		properties = { "wxmini.app-id=wx00000000000000a1", "wxmini.app-secret=slice-secret",
				"wxmini.jwt.secret=web-mvc-slice-secret-of-32-bytes!" })
class WebMvcSliceTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	WxTokenService tokens;

	@Test
	void bearerTokenWithTheAuthorityIsAllowed() throws Exception {
		String token = token(List.of("ROLE_USER", "PHONE_VERIFIED"));
		this.mvc.perform(get("/api/vip").header("Authorization", "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("openid-slice"));
	}

	@Test
	void bearerTokenWithoutTheAuthorityIsDenied() throws Exception {
		this.mvc.perform(get("/api/vip").header("Authorization", "Bearer " + token(List.of("ROLE_USER"))))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("access_denied"));
	}

	@Test
	void requestWithoutTokenIsUnauthorized() throws Exception {
		this.mvc.perform(get("/api/vip"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", "Bearer"))
			.andExpect(jsonPath("$.error").value("unauthorized"));
	}

	private String token(List<String> authorities) {
		return this.tokens.login(new WxUserDetails("wx00000000000000a1", "openid-slice", null, null, authorities))
			.accessToken();
	}

}
