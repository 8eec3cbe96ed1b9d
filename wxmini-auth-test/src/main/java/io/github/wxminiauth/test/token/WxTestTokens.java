package io.github.wxminiauth.test.token;

import java.util.List;

import io.github.wxminiauth.token.IssuedTokens;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.Assert;

/**
 * Issues real tokens in a running application, for {@code @SpringBootTest}s that call it over
 * HTTP with {@code Authorization: Bearer …}, without WeChat. The tokens are issued by the
 * application's {@link WxTokenService}, so they are signed with the configured key and their
 * session is live in the configured store, exactly like the tokens of a login:
 *
 * <pre class="code">
 * &#64;Autowired
 * ApplicationContext context;
 *
 * &#64;Test
 * void membersSeeTheirOrders() {
 *     String token = WxTestTokens.from(this.context).accessToken("oAlice", "ROLE_USER", "PHONE_VERIFIED");
 *     // GET /api/member/orders with "Authorization: Bearer " + token …
 * }
 * </pre>
 *
 * {@link #issue(String, String...)} and {@link #accessToken(String, String...)} put exactly the
 * given authorities into the token and leave the application's users alone; {@link #login(String)}
 * registers or loads the user through the application's {@link WxUserDetailsService} as a login
 * does, so its authorities are the user store's and its refresh token can be redeemed.
 *
 * @since 0.2.0
 */
public final class WxTestTokens {

	private final WxTokenService tokens;

	private final WxAppRegistry apps;

	private final @Nullable WxUserDetailsService users;

	private final @Nullable String appId;

	private WxTestTokens(WxTokenService tokens, WxAppRegistry apps, @Nullable WxUserDetailsService users,
			@Nullable String appId) {
		this.tokens = tokens;
		this.apps = apps;
		this.users = users;
		this.appId = appId;
	}

	/**
	 * Issues tokens through the application's {@link WxTokenService}, for its mini programs.
	 * @param beans the application context, e.g. {@code @Autowired ApplicationContext}
	 * @return the token issuer, for the application's only mini program (see {@link #forApp})
	 */
	public static WxTestTokens from(BeanFactory beans) {
		Assert.notNull(beans, "beans must not be null");
		return new WxTestTokens(beans.getBean(WxTokenService.class), beans.getBean(WxAppRegistry.class),
				beans.getBeanProvider(WxUserDetailsService.class).getIfUnique(), null);
	}

	/**
	 * Issues tokens for another of the application's mini programs.
	 * @param appId its AppID
	 * @return a token issuer for that mini program
	 * @throws IllegalArgumentException if the application does not serve it
	 */
	public WxTestTokens forApp(String appId) {
		Assert.isTrue(this.apps.find(appId) != null, () -> "The application serves no mini program " + appId);
		return new WxTestTokens(this.tokens, this.apps, this.users, appId);
	}

	/**
	 * Issues an access token carrying exactly these authorities.
	 * @param openid the user
	 * @param authorities the authorities, e.g. {@code "ROLE_USER"}
	 * @return the access JWT, for {@code Authorization: Bearer …}
	 */
	public String accessToken(String openid, String... authorities) {
		return issue(openid, authorities).accessToken();
	}

	/**
	 * Starts a login session whose tokens carry exactly these authorities. The user is not
	 * registered: its refresh token is redeemed only if the application's user store knows the
	 * user.
	 * @param openid the user
	 * @param authorities the authorities, e.g. {@code "ROLE_USER"}
	 * @return the access and refresh tokens
	 */
	public IssuedTokens issue(String openid, String... authorities) {
		Assert.hasText(openid, "openid must not be empty");
		Assert.noNullElements(authorities, "authorities must not contain null");
		return issue(new WxUserDetails(app().appId(), openid, null, null, List.of(authorities)));
	}

	/**
	 * Starts a login session for this user.
	 * @param user the user, of one of the application's mini programs
	 * @return the access and refresh tokens
	 */
	public IssuedTokens issue(WxUserDetails user) {
		Assert.notNull(user, "user must not be null");
		Assert.isTrue(this.apps.find(user.appId()) != null,
				() -> "The application serves no mini program " + user.appId());
		return this.tokens.login(user);
	}

	/**
	 * Logs a user in as {@code POST /wx/login} would after WeChat confirmed the code: registers or
	 * loads the user through the application's {@link WxUserDetailsService}, then starts a
	 * session. The tokens carry the user store's authorities and can be refreshed.
	 * @param openid the user
	 * @return the access and refresh tokens
	 */
	public IssuedTokens login(String openid) {
		Assert.hasText(openid, "openid must not be empty");
		Assert.state(this.users != null, "The application has no single WxUserDetailsService bean");
		WxUserDetails user = this.users.loadOrRegister(new WxIdentity(app().appId(), openid, null)).user();
		return this.tokens.login(user);
	}

	private WxApp app() {
		if (this.appId != null) {
			WxApp app = this.apps.find(this.appId);
			Assert.state(app != null, () -> "The application serves no mini program " + this.appId);
			return app;
		}
		WxApp only = this.apps.resolve(null);
		Assert.state(only != null, "The application serves several mini programs: choose one with forApp(appId)");
		return only;
	}

}
