package io.github.wxminiauth.test.demo;

import io.github.wxminiauth.test.context.support.WithMockWxUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A controller taking {@code @AuthenticationPrincipal WxPrincipal}, tested in a web slice with
 * {@link WithMockWxUser}.
 */
@WebMvcTest(ProfileController.class)
class ProfileControllerWebMvcTests {

	@Autowired
	private MockMvc mvc;

	@Test
	@WithMockWxUser(openid = "oAlice", unionid = "uAlice")
	void principalIsTheMockUserOfTheApplicationsOnlyMiniProgram() throws Exception {
		this.mvc.perform(get("/api/profile"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("oAlice"))
			.andExpect(jsonPath("$.appid").value("wx0000000000sample"))
			.andExpect(jsonPath("$.unionid").value("uAlice"))
			.andExpect(jsonPath("$.sid").value(WithMockWxUser.SESSION_ID));
	}

	@Test
	@WithMockWxUser
	void defaultUserHasRoleUserAndTheBearerFactor() throws Exception {
		this.mvc.perform(get("/api/profile"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value(WithMockWxUser.DEFAULT_OPENID))
			.andExpect(jsonPath("$.unionid").doesNotExist())
			.andExpect(jsonPath("$.authorities.length()").value(2))
			.andExpect(jsonPath("$.authorities[0]").value("ROLE_USER"))
			.andExpect(jsonPath("$.authorities[1]").value("FACTOR_BEARER"));
	}

	@Test
	@WithMockWxUser(openid = "oBob", appId = "wx00000000000000other")
	void explicitAppIdWins() throws Exception {
		this.mvc.perform(get("/api/profile")).andExpect(jsonPath("$.appid").value("wx00000000000000other"));
	}

	@Test
	@WithMockWxUser(openid = "oCarol", authorities = { "ROLE_USER", "PHONE_VERIFIED" })
	void preAuthorizeLetsAUserWithTheAuthorityIn() throws Exception {
		this.mvc.perform(get("/api/vip")).andExpect(status().isOk()).andExpect(jsonPath("$.welcome").value("oCarol"));
	}

	@Test
	@WithMockWxUser(openid = "oDave")
	void preAuthorizeAnswers403AccessDeniedWithoutTheAuthority() throws Exception {
		this.mvc.perform(get("/api/vip"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("access_denied"));
	}

	@Test
	void withoutAUserTheStarterAnswers401() throws Exception {
		this.mvc.perform(get("/api/profile"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("unauthorized"));
	}

}
