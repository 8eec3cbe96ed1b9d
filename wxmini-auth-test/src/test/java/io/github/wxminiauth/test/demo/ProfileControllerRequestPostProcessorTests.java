package io.github.wxminiauth.test.demo;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static io.github.wxminiauth.test.web.servlet.request.WxMiniMockMvcRequestPostProcessors.wxUser;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The whole application behind MockMvc, each request authenticated with {@code wxUser()}.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ProfileControllerRequestPostProcessorTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void wxUserAuthenticatesTheRequestAsThatUser() throws Exception {
		this.mvc.perform(get("/api/profile").with(wxUser("oAlice").unionid("uAlice").sessionId("sid-1")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openid").value("oAlice"))
			.andExpect(jsonPath("$.appid").value("wx0000000000sample"))
			.andExpect(jsonPath("$.unionid").value("uAlice"))
			.andExpect(jsonPath("$.sid").value("sid-1"))
			.andExpect(jsonPath("$.authorities[0]").value("ROLE_USER"))
			.andExpect(jsonPath("$.authorities[1]").value("FACTOR_BEARER"));
	}

	@Test
	void authoritiesDecideWhatPreAuthorizeAllows() throws Exception {
		this.mvc.perform(get("/api/vip").with(wxUser("oBob"))).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/vip").with(wxUser("oBob").authorities("ROLE_USER", "PHONE_VERIFIED")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.welcome").value("oBob"));
	}

	@Test
	void appIdCanBeChosen() throws Exception {
		this.mvc.perform(get("/api/profile").with(wxUser().appId("wx00000000000000other")))
			.andExpect(jsonPath("$.openid").value("oMockWxUser0000000000000000"))
			.andExpect(jsonPath("$.appid").value("wx00000000000000other"));
	}

	@Test
	void theUserIsOnlyThatRequestsUser() throws Exception {
		this.mvc.perform(get("/api/profile").with(wxUser("oCarol"))).andExpect(status().isOk());
		this.mvc.perform(get("/api/profile")).andExpect(status().isUnauthorized());
	}

}
