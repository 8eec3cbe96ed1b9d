package io.github.wxminiauth.test.context.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.security.test.context.support.TestExecutionEvent;
import org.springframework.security.test.context.support.WithSecurityContext;

/**
 * Runs a test as a logged-in mini-program user, as {@code @WithMockUser} does for a username: the
 * security context holds the authentication the starter's bearer filter makes from a valid access
 * token ({@code WxJwtAuthenticationToken} with a {@code WxPrincipal} and the bearer factor), so
 * that {@code @AuthenticationPrincipal WxPrincipal} and {@code @PreAuthorize} work as in
 * production. For MockMvc and method-security tests:
 *
 * <pre class="code">
 * &#64;WebMvcTest(OrderController.class)
 * class OrderControllerTests {
 *
 *     &#64;Autowired
 *     MockMvc mvc;
 *
 *     &#64;Test
 *     &#64;WithMockWxUser(openid = "oAlice", authorities = { "ROLE_USER", "PHONE_VERIFIED" })
 *     void listsTheCallersOrders() throws Exception {
 *         this.mvc.perform(get("/api/orders")).andExpect(status().isOk());
 *     }
 * }
 * </pre>
 *
 * The AppID is, unless given, that of the application's mini program when it configures exactly
 * one ({@code wxmini.app-id}), otherwise {@link #DEFAULT_APP_ID}. No token is issued and no store
 * is touched: for real tokens in a running application see {@code WxTestTokens}.
 *
 * @since 0.2.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = WithMockWxUserSecurityContextFactory.class)
public @interface WithMockWxUser {

	/**
	 * The openid of the default mock user.
	 */
	String DEFAULT_OPENID = "oMockWxUser0000000000000000";

	/**
	 * The AppID used when none is given and the application does not have exactly one mini
	 * program.
	 */
	String DEFAULT_APP_ID = "wx00000000000mockapp";

	/**
	 * The login session ({@code sid}) of every mock user.
	 */
	String SESSION_ID = "mock-session";

	/**
	 * The openid; an alias for {@link #openid()}.
	 * @return the openid
	 */
	@AliasFor("openid")
	String value() default DEFAULT_OPENID;

	/**
	 * The openid.
	 * @return the openid
	 */
	@AliasFor("value")
	String openid() default DEFAULT_OPENID;

	/**
	 * The AppID; empty for the application's only mini program, else {@link #DEFAULT_APP_ID}.
	 * @return the AppID
	 */
	String appId() default "";

	/**
	 * The unionid; empty for none.
	 * @return the unionid
	 */
	String unionid() default "";

	/**
	 * The authorities of the access token, as strings, e.g. {@code "ROLE_USER"},
	 * {@code "PHONE_VERIFIED"}. The bearer factor authority is always added.
	 * @return the authorities
	 */
	String[] authorities() default { "ROLE_USER" };

	/**
	 * When the security context is set up: before the test method by default, or
	 * {@link TestExecutionEvent#TEST_EXECUTION} to set it up after {@code @BeforeEach} methods.
	 * @return the event
	 */
	@AliasFor(annotation = WithSecurityContext.class)
	TestExecutionEvent setupBefore() default TestExecutionEvent.TEST_METHOD;

}
