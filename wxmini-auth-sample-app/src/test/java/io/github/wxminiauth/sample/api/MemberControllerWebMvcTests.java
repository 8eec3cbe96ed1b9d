package io.github.wxminiauth.sample.api;

import io.github.wxminiauth.sample.SecurityConfiguration;
import io.github.wxminiauth.test.context.support.WithMockWxUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;

import static io.github.wxminiauth.test.web.servlet.request.WxMiniMockMvcRequestPostProcessors.wxUser;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@link MemberController}'s {@code @PreAuthorize("hasAuthority('PHONE_VERIFIED')")}, with mock
 * users that have bound their phone and users that have not.
 */
@WebMvcTest(MemberController.class)
@Import(SecurityConfiguration.class)
class MemberControllerWebMvcTests {

	@Autowired
	private MockMvc mvc;

	@Test
	@WithMockWxUser(openid = "oNoPhone")
	void aUserWithoutPhoneVerifiedIs403AccessDenied() throws Exception {
		this.mvc.perform(get("/api/member/orders"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("access_denied"));
	}

	@Test
	@WithMockWxUser(openid = "oMember", authorities = { "ROLE_USER", "PHONE_VERIFIED" })
	void aUserWithPhoneVerifiedSeesTheOrders() throws Exception {
		this.mvc.perform(get("/api/member/orders"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].order_id").value("SO-1001"));
	}

	@Test
	void withoutAUserItIs401WithABareBearerChallenge() throws Exception {
		this.mvc.perform(get("/api/member/orders"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
			.andExpect(jsonPath("$.error").value("unauthorized"));
	}

	@Test
	void theSameWithTheRequestPostProcessor() throws Exception {
		this.mvc.perform(get("/api/member/orders").with(wxUser("oNoPhone"))).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/member/orders").with(wxUser("oMember").authorities("ROLE_USER", "PHONE_VERIFIED")))
			.andExpect(status().isOk());
	}

}
