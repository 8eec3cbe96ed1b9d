package io.github.wxminiauth.sample.api;

import java.time.Instant;
import java.util.Optional;

import io.github.wxminiauth.sample.SecurityConfiguration;
import io.github.wxminiauth.sample.user.MemberAccountRepository;
import io.github.wxminiauth.sample.user.WxUser;
import io.github.wxminiauth.sample.user.WxUserRepository;
import io.github.wxminiauth.test.context.support.WithMockWxUser;
import io.github.wxminiauth.test.wechat.WeChatSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@link MeController} in a web slice, its user given by {@link WithMockWxUser}: the controller
 * reads the {@code WxPrincipal}, the repository is a mock, and the application's own security
 * chain is imported so that the test sees what production sees.
 */
@WebMvcTest(MeController.class)
@Import(SecurityConfiguration.class)
class MeControllerWebMvcTests {

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private WxUserRepository users;

	@MockitoBean
	private MemberAccountRepository accounts;

	@Test
	@WithMockWxUser(openid = "oAlice", authorities = { "ROLE_USER", "PHONE_VERIFIED" })
	void answersTheCallersUserWithTheAuthoritiesOfTheirToken() throws Exception {
		WxUser alice = new WxUser(WeChatSimulator.APP_ID, "oAlice", null, Instant.parse("2026-01-01T00:00:00Z"));
		given(this.users.findByAppIdAndOpenid(WeChatSimulator.APP_ID, "oAlice")).willReturn(Optional.of(alice));
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("oAlice"))
			.andExpect(jsonPath("$.appid").value(WeChatSimulator.APP_ID))
			.andExpect(jsonPath("$.phone_number").doesNotExist())
			.andExpect(jsonPath("$.account").doesNotExist())
			.andExpect(jsonPath("$.authorities[0]").value("ROLE_USER"))
			.andExpect(jsonPath("$.authorities[1]").value("PHONE_VERIFIED"));
	}

	@Test
	@WithMockWxUser(openid = "oGone")
	void aUserWhoNoLongerExistsIs404() throws Exception {
		given(this.users.findByAppIdAndOpenid(WeChatSimulator.APP_ID, "oGone")).willReturn(Optional.empty());
		this.mvc.perform(get("/api/me")).andExpect(status().isNotFound());
	}

	@Test
	void withoutAUserItIs401WithABareBearerChallenge() throws Exception {
		this.mvc.perform(get("/api/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
			.andExpect(jsonPath("$.error").value("unauthorized"));
	}

}
