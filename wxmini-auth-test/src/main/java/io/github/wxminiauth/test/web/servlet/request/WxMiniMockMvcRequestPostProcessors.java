package io.github.wxminiauth.test.web.servlet.request;

import java.util.List;

import io.github.wxminiauth.test.context.support.WithMockWxUser;
import io.github.wxminiauth.test.internal.MockWxAuthentication;
import jakarta.servlet.ServletContext;
import org.jspecify.annotations.Nullable;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.util.Assert;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * MockMvc request post-processors for requests of a logged-in mini-program user, the per-request
 * counterpart of {@link WithMockWxUser}:
 *
 * <pre class="code">
 * this.mvc.perform(get("/api/me").with(wxUser("oAlice").authorities("ROLE_USER", "PHONE_VERIFIED")))
 *     .andExpect(status().isOk());
 * </pre>
 *
 * The request is authenticated with what the starter's bearer filter makes from a valid access
 * token, through Spring Security's
 * {@link SecurityMockMvcRequestPostProcessors#authentication(org.springframework.security.core.Authentication)};
 * no token is sent. Needs MockMvc set up with Spring Security, as {@code @WebMvcTest} and
 * {@code @AutoConfigureMockMvc} do.
 *
 * @since 0.2.0
 */
public final class WxMiniMockMvcRequestPostProcessors {

	private WxMiniMockMvcRequestPostProcessors() {
	}

	/**
	 * A request of the mock user {@link WithMockWxUser#DEFAULT_OPENID} with {@code ROLE_USER}.
	 * @return the post-processor, to refine further
	 */
	public static WxUserRequestPostProcessor wxUser() {
		return new WxUserRequestPostProcessor(WithMockWxUser.DEFAULT_OPENID);
	}

	/**
	 * A request of this user, with {@code ROLE_USER}.
	 * @param openid the openid
	 * @return the post-processor, to refine further
	 */
	public static WxUserRequestPostProcessor wxUser(String openid) {
		return new WxUserRequestPostProcessor(openid);
	}

	/**
	 * Authenticates a request as a mini-program user; see {@link #wxUser(String)}.
	 *
	 * @since 0.2.0
	 */
	public static final class WxUserRequestPostProcessor implements RequestPostProcessor {

		private final String openid;

		private @Nullable String appId;

		private @Nullable String unionid;

		private String sessionId = WithMockWxUser.SESSION_ID;

		private List<String> authorities = List.of("ROLE_USER");

		private WxUserRequestPostProcessor(String openid) {
			Assert.hasText(openid, "openid must not be empty");
			this.openid = openid;
		}

		/**
		 * Sets the AppID; by default the application's only mini program, else
		 * {@link WithMockWxUser#DEFAULT_APP_ID}.
		 * @param appId the AppID
		 * @return this post-processor
		 */
		public WxUserRequestPostProcessor appId(String appId) {
			Assert.hasText(appId, "appId must not be empty");
			this.appId = appId;
			return this;
		}

		/**
		 * Sets the unionid; by default none.
		 * @param unionid the unionid
		 * @return this post-processor
		 */
		public WxUserRequestPostProcessor unionid(String unionid) {
			Assert.hasText(unionid, "unionid must not be empty");
			this.unionid = unionid;
			return this;
		}

		/**
		 * Sets the login session; by default {@link WithMockWxUser#SESSION_ID}.
		 * @param sessionId the {@code sid}
		 * @return this post-processor
		 */
		public WxUserRequestPostProcessor sessionId(String sessionId) {
			Assert.hasText(sessionId, "sessionId must not be empty");
			this.sessionId = sessionId;
			return this;
		}

		/**
		 * Replaces the authorities of the access token (by default {@code ROLE_USER}); the bearer
		 * factor authority is always added.
		 * @param authorities the authorities, e.g. {@code "ROLE_USER", "PHONE_VERIFIED"}
		 * @return this post-processor
		 */
		public WxUserRequestPostProcessor authorities(String... authorities) {
			Assert.noNullElements(authorities, "authorities must not contain null");
			this.authorities = List.of(authorities);
			return this;
		}

		@Override
		public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
			WebApplicationContext context = findContext(request.getServletContext());
			return SecurityMockMvcRequestPostProcessors
				.authentication(MockWxAuthentication.create(this.openid, this.appId, WithMockWxUser.DEFAULT_APP_ID,
						this.unionid, this.sessionId, this.authorities, context))
				.postProcessRequest(request);
		}

		private static @Nullable WebApplicationContext findContext(ServletContext servletContext) {
			try {
				return WebApplicationContextUtils.findWebApplicationContext(servletContext);
			}
			catch (IllegalStateException ex) {
				return null;
			}
		}

	}

}
