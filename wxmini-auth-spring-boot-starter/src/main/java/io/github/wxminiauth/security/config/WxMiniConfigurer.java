package io.github.wxminiauth.security.config;

import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.phone.PhoneNumberService;
import io.github.wxminiauth.ratelimit.RateLimiter;
import io.github.wxminiauth.ratelimit.WxRateLimits;
import io.github.wxminiauth.security.authentication.WxMiniAuthenticationProvider;
import io.github.wxminiauth.security.web.WxBearerTokenAuthenticationFilter;
import io.github.wxminiauth.security.web.WxJwkSetEndpoint;
import io.github.wxminiauth.security.web.WxJwkSetFilter;
import io.github.wxminiauth.security.web.WxLogoutFilter;
import io.github.wxminiauth.security.web.WxMiniAccessDeniedHandler;
import io.github.wxminiauth.security.web.WxMiniAuthenticationEntryPoint;
import io.github.wxminiauth.security.web.WxMiniAuthenticationFilter;
import io.github.wxminiauth.security.web.WxMiniEndpoints;
import io.github.wxminiauth.security.web.WxPhoneNumberFilter;
import io.github.wxminiauth.security.web.WxRateLimitFilter;
import io.github.wxminiauth.security.web.WxRefreshTokenFilter;
import io.github.wxminiauth.token.JwtSigningKeys;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

/**
 * Adds WeChat Mini Program login to a {@link HttpSecurity} of the application's own: the login,
 * refresh, logout and phone endpoints, bearer-token authentication, rate limits of the login and
 * phone endpoints (when a {@link RateLimiter} and {@link WxRateLimits} bean are present),
 * problem+json answers for 401 and 403, and, when tokens are signed with asymmetric keys, the
 * public JWK Set endpoint. Its collaborators are the starter's auto-configured beans.
 *
 * <pre class="code">
 * &#64;Bean
 * SecurityFilterChain api(HttpSecurity http) throws Exception {
 *     http.with(WxMiniConfigurer.wxMini(), Customizer.withDefaults())
 *         .authorizeHttpRequests((requests) -&gt; requests
 *             .requestMatchers("/public/**").permitAll()
 *             .anyRequest().authenticated())
 *         .sessionManagement((session) -&gt; session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
 *     return http.build();
 * }
 * </pre>
 *
 * The login and refresh endpoints are answered by their filters before authorization, so they need
 * no {@code permitAll()} rule.
 *
 * @since 0.1.0
 */
public final class WxMiniConfigurer extends AbstractHttpConfigurer<WxMiniConfigurer, HttpSecurity> {

	private @Nullable WxMiniEndpoints endpoints;

	private WxMiniConfigurer() {
	}

	/**
	 * Creates the configurer, for {@code http.with(wxMini(), …)}.
	 * @return a new configurer
	 */
	public static WxMiniConfigurer wxMini() {
		return new WxMiniConfigurer();
	}

	/**
	 * Overrides the endpoint paths (by default those of the {@code wxmini.endpoints.*}
	 * properties).
	 * @param endpoints the paths
	 * @return this configurer
	 */
	public WxMiniConfigurer endpoints(WxMiniEndpoints endpoints) {
		Assert.notNull(endpoints, "endpoints must not be null");
		this.endpoints = endpoints;
		return this;
	}

	@Override
	public void init(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		JsonMapper jsonMapper = jsonMapper(context);
		AuthenticationEntryPoint entryPoint = new WxMiniAuthenticationEntryPoint(jsonMapper);
		AccessDeniedHandler accessDeniedHandler = new WxMiniAccessDeniedHandler(jsonMapper);
		http.setSharedObject(WxMiniAuthenticationEntryPoint.class, (WxMiniAuthenticationEntryPoint) entryPoint);
		ExceptionHandlingConfigurer<HttpSecurity> exceptionHandling = http
			.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptionHandling != null) {
			exceptionHandling.defaultAuthenticationEntryPointFor(entryPoint, AnyRequestMatcher.INSTANCE);
			exceptionHandling.defaultAccessDeniedHandlerFor(accessDeniedHandler, AnyRequestMatcher.INSTANCE);
		}
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null) {
			// Mini programs send no cookies: a bearer token or a code in the body cannot be forged
			// cross-site, so CSRF protection does not apply to these requests.
			csrf.ignoringRequestMatchers(new OrRequestMatcher(endpointRequests(endpoints(context)),
					WxMiniConfigurer::hasBearerToken));
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		WxMiniEndpoints paths = endpoints(context);
		JsonMapper jsonMapper = jsonMapper(context);
		WxAppRegistry apps = context.getBean(WxAppRegistry.class);
		WxTokenService tokens = context.getBean(WxTokenService.class);
		PhoneNumberService phoneNumbers = context.getBean(PhoneNumberService.class);
		WxMiniAuthenticationProvider provider = context.getBean(WxMiniAuthenticationProvider.class);
		SecurityContextHolderStrategy holderStrategy = getSecurityContextHolderStrategy();
		AuthenticationEntryPoint entryPoint = http.getSharedObject(WxMiniAuthenticationEntryPoint.class);

		ProviderManager authenticationManager = new ProviderManager(provider);
		// Publish login successes and failures like any other Spring Security login (audit events).
		context.getBeanProvider(AuthenticationEventPublisher.class)
			.ifAvailable(authenticationManager::setAuthenticationEventPublisher);
		WxMiniMetrics metrics = context.getBeanProvider(WxMiniMetrics.class).getIfAvailable(() -> WxMiniMetrics.NOOP);
		WxMiniAuthenticationFilter login = new WxMiniAuthenticationFilter(paths.login(), authenticationManager, apps,
				tokens, jsonMapper, metrics);
		login.setSecurityContextHolderStrategy(holderStrategy);
		login.setApplicationEventPublisher(context);
		WxRefreshTokenFilter refresh = new WxRefreshTokenFilter(paths.refresh(), tokens, entryPoint, jsonMapper);
		WxBearerTokenAuthenticationFilter bearer = new WxBearerTokenAuthenticationFilter(tokens, entryPoint,
				new OrRequestMatcher(post(paths.login()), post(paths.refresh())));
		bearer.setSecurityContextHolderStrategy(holderStrategy);
		WxLogoutFilter logout = new WxLogoutFilter(paths.logout(), tokens, entryPoint, jsonMapper);
		logout.setSecurityContextHolderStrategy(holderStrategy);
		WxPhoneNumberFilter phone = new WxPhoneNumberFilter(paths.phone(), phoneNumbers, tokens, entryPoint,
				jsonMapper);
		phone.setSecurityContextHolderStrategy(holderStrategy);

		JwtSigningKeys signingKeys = context.getBeanProvider(JwtSigningKeys.class).getIfAvailable();
		if (signingKeys != null) {
			// Only asymmetric keys have public keys to publish; with HS256 the path is not served.
			WxJwkSetEndpoint jwkSet = context.getBeanProvider(WxJwkSetEndpoint.class)
				.getIfAvailable(WxJwkSetEndpoint::defaults);
			http.addFilterBefore(postProcess(new WxJwkSetFilter(jwkSet, signingKeys, jsonMapper)),
					UsernamePasswordAuthenticationFilter.class);
		}
		http.addFilterBefore(postProcess(login), UsernamePasswordAuthenticationFilter.class);
		http.addFilterBefore(postProcess(refresh), UsernamePasswordAuthenticationFilter.class);
		http.addFilterBefore(postProcess(bearer), BasicAuthenticationFilter.class);
		// After bearer authentication, so that logout and phone see the authenticated user.
		http.addFilterAfter(postProcess(logout), BasicAuthenticationFilter.class);
		http.addFilterAfter(postProcess(phone), BasicAuthenticationFilter.class);
		addRateLimits(http, context, paths, jsonMapper, holderStrategy);
	}

	/**
	 * Puts the rate limits right before the login and phone filters, so that a rejected request
	 * reaches neither WeChat nor a store; the phone limit runs after bearer authentication, which
	 * tells it the user.
	 */
	private void addRateLimits(HttpSecurity http, ApplicationContext context, WxMiniEndpoints paths,
			JsonMapper jsonMapper, SecurityContextHolderStrategy holderStrategy) {
		RateLimiter limiter = context.getBeanProvider(RateLimiter.class).getIfUnique();
		WxRateLimits limits = context.getBeanProvider(WxRateLimits.class).getIfUnique();
		if (limiter == null || limits == null) {
			return;
		}
		WxRateLimitFilter login = new WxRateLimitFilter(paths.login(), limiter, limits.loginPerIp(), null,
				jsonMapper);
		WxRateLimitFilter phone = new WxRateLimitFilter(paths.phone(), limiter, limits.phonePerIp(),
				limits.phonePerUser(), jsonMapper);
		phone.setSecurityContextHolderStrategy(holderStrategy);
		WxMiniMetrics metrics = context.getBeanProvider(WxMiniMetrics.class).getIfAvailable(() -> WxMiniMetrics.NOOP);
		login.setMetrics(metrics, WxMiniMetrics.ENDPOINT_LOGIN);
		phone.setMetrics(metrics, WxMiniMetrics.ENDPOINT_PHONE);
		http.addFilterBefore(postProcess(login), WxMiniAuthenticationFilter.class);
		http.addFilterBefore(postProcess(phone), WxPhoneNumberFilter.class);
	}

	private WxMiniEndpoints endpoints(ApplicationContext context) {
		if (this.endpoints != null) {
			return this.endpoints;
		}
		return context.getBeanProvider(WxMiniEndpoints.class).getIfAvailable(WxMiniEndpoints::defaults);
	}

	private static JsonMapper jsonMapper(ApplicationContext context) {
		return context.getBeanProvider(JsonMapper.class).getIfAvailable(JsonMapper::new);
	}

	private static RequestMatcher endpointRequests(WxMiniEndpoints paths) {
		return new OrRequestMatcher(post(paths.login()), post(paths.refresh()), post(paths.logout()),
				post(paths.phone()));
	}

	private static RequestMatcher post(String path) {
		return PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path);
	}

	private static boolean hasBearerToken(jakarta.servlet.http.HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
	}

}
