package io.github.wxminiauth.sample.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.github.wxminiauth.event.WxSessionRevokedEvent;
import io.github.wxminiauth.sample.SecurityConfiguration;
import io.github.wxminiauth.sample.user.JpaWxUserDetailsService;
import io.github.wxminiauth.sample.user.WxUser;
import io.github.wxminiauth.sample.user.WxUserRepository;
import io.github.wxminiauth.session.WxSessionService;
import io.github.wxminiauth.test.context.support.WithMockWxUser;
import io.github.wxminiauth.test.wechat.WeChatSimulator;
import io.github.wxminiauth.user.WxUserDetails;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockReset;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static io.github.wxminiauth.test.web.servlet.request.WxMiniMockMvcRequestPostProcessors.wxUser;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@link AdminController}'s class-level {@code @PreAuthorize("hasRole('ADMIN')")}: a mock user with
 * {@code ROLE_ADMIN} gets through, anyone else is refused before the controller runs. The
 * repository, the user store and the starter's {@link WxSessionService} are mocks, so what is
 * checked is the controller's part: who may call it and what it asks them to do.
 */
@WebMvcTest(AdminController.class)
@Import(SecurityConfiguration.class)
class AdminControllerWebMvcTests {

	private static final String APP_ID = WeChatSimulator.APP_ID;

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private WxUserRepository users;

	@Autowired
	private JpaWxUserDetailsService userService;

	@MockitoBean
	private WxSessionService sessions;

	@Test
	@WithMockWxUser(openid = "oAdmin", authorities = { "ROLE_USER", "ROLE_ADMIN" })
	void anAdminSeesTheUsers() throws Exception {
		WxUser bob = new WxUser(APP_ID, "oBob", null, Instant.parse("2026-01-01T00:00:00Z"));
		given(this.users.findTop100ByOrderByCreatedAtAsc()).willReturn(List.of(bob));
		this.mvc.perform(get("/api/admin/users"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].openid").value("oBob"))
			.andExpect(jsonPath("$[0].created_at").value("2026-01-01T00:00:00Z"))
			.andExpect(jsonPath("$[0].disabled").value(false));
	}

	@Test
	@WithMockWxUser(openid = "oAdmin", authorities = { "ROLE_USER", "ROLE_ADMIN" })
	void anAdminKicksAUserOutEverywhere() throws Exception {
		givenUser("oBob");
		this.mvc.perform(delete("/api/admin/users/oBob/sessions")).andExpect(status().isNoContent());
		then(this.sessions).should().revokeAll(APP_ID, "oBob", WxSessionRevokedEvent.Reason.KICK);
	}

	@Test
	void anAdminDisablesAndEnablesAUser() throws Exception {
		givenUser("oBob");
		this.mvc.perform(post("/api/admin/users/oBob/disable").with(wxUser("oAdmin").authorities("ROLE_ADMIN")))
			.andExpect(status().isNoContent());
		then(this.sessions).should().disable(APP_ID, "oBob", WxUserDetails.DISABLED_INDEFINITELY);
		this.mvc.perform(post("/api/admin/users/oBob/enable").with(wxUser("oAdmin").authorities("ROLE_ADMIN")))
			.andExpect(status().isNoContent());
		then(this.sessions).should().enable(APP_ID, "oBob");
	}

	@Test
	@WithMockWxUser(openid = "oAdmin", authorities = { "ROLE_USER", "ROLE_ADMIN" })
	void anAdminGrantsAnAuthorityAndTheUsersTokensTakeItAtTheirNextRefresh() throws Exception {
		givenUser("oBob");
		this.mvc.perform(post("/api/admin/users/oBob/authorities").contentType(MediaType.APPLICATION_JSON)
			.content("{\"add\":[\"VIP\"]}")).andExpect(status().isNoContent());
		then(this.userService).should().changeAuthorities(APP_ID, "oBob", List.of("VIP"), List.of());
		then(this.sessions).should().refreshAuthorities(APP_ID, "oBob");
	}

	@Test
	@WithMockWxUser(openid = "oAdmin", authorities = { "ROLE_USER", "ROLE_ADMIN" })
	void anAuthorityChangeWithAnUnknownMemberIs400InvalidRequestAndNothingIsDone() throws Exception {
		givenUser("oBob");
		// "grant" for "add": ignored, the change would silently do nothing
		this.mvc.perform(post("/api/admin/users/oBob/authorities").contentType(MediaType.APPLICATION_JSON)
			.content("{\"grant\":[\"VIP\"],\"remove\":[]}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.error").value("invalid_request"))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.detail").value("Unknown member 'grant'"));
		verifyNoInteractions(this.userService, this.sessions);
	}

	@Test
	@WithMockWxUser(openid = "oAdmin", authorities = { "ROLE_USER", "ROLE_ADMIN" })
	void anAuthorityChangeThatIsNotAJsonObjectOfListsIs400InvalidRequest() throws Exception {
		givenUser("oBob");
		for (String body : new String[] { "not json", "[\"VIP\"]", "{\"add\":{\"VIP\":true}}" }) {
			this.mvc
				.perform(post("/api/admin/users/oBob/authorities").contentType(MediaType.APPLICATION_JSON)
					.content(body))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.error").value("invalid_request"))
				.andExpect(jsonPath("$.title").value("Bad Request"))
				.andExpect(jsonPath("$.type").value("about:blank"));
		}
		verifyNoInteractions(this.userService, this.sessions);
	}

	@Test
	@WithMockWxUser(openid = "oAdmin", authorities = { "ROLE_USER", "ROLE_ADMIN" })
	void anUnknownUserIs404NotFoundAndNothingIsDone() throws Exception {
		given(this.users.findByAppIdAndOpenid(APP_ID, "oNobody")).willReturn(Optional.empty());
		this.mvc.perform(delete("/api/admin/users/oNobody/sessions"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.error").value("not_found"));
		verifyNoInteractions(this.sessions);
	}

	@Test
	@WithMockWxUser(openid = "oBob", authorities = { "ROLE_USER", "PHONE_VERIFIED" })
	void aUserWithoutRoleAdminIs403AccessDeniedAndNothingIsDone() throws Exception {
		givenUser("oAlice");
		this.mvc.perform(get("/api/admin/users"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("access_denied"));
		this.mvc.perform(delete("/api/admin/users/oAlice/sessions"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("access_denied"));
		verifyNoInteractions(this.users, this.userService, this.sessions);
	}

	@Test
	void withoutAUserItIs401() throws Exception {
		this.mvc.perform(get("/api/admin/users"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("unauthorized"));
	}

	/**
	 * The sample's user store as a mock. Declared as a bean of the application's, not with
	 * {@code @MockitoBean}, so that the starter's in-memory user store steps back as it does in the
	 * running sample; a mock added after the auto-configuration would sit next to it. Reset after
	 * each test, like the {@code @MockitoBean} ones.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class MockUserStore {

		@Bean
		JpaWxUserDetailsService jpaWxUserDetailsService() {
			return mock(JpaWxUserDetailsService.class, MockReset.after());
		}

	}

	private void givenUser(String openid) {
		given(this.users.findByAppIdAndOpenid(APP_ID, openid))
			.willReturn(Optional.of(new WxUser(APP_ID, openid, null, Instant.parse("2026-01-01T00:00:00Z"))));
	}

}
