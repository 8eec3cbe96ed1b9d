package io.github.wxminiauth.security.config;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.metrics.WxMiniMetrics.RateLimitedEndpoint;
import io.github.wxminiauth.phone.PhoneNumberService;
import io.github.wxminiauth.ratelimit.RateLimiter;
import io.github.wxminiauth.ratelimit.WxRateLimits;
import io.github.wxminiauth.security.authentication.WxJwtAuthenticationToken;
import io.github.wxminiauth.security.authentication.internal.WxMiniAuthenticationProvider;
import io.github.wxminiauth.security.web.internal.WxAccessTokenRequestMatcher;
import io.github.wxminiauth.security.web.internal.WxAuthenticationFailureHandler;
import io.github.wxminiauth.security.web.internal.WxBearerTokenAuthenticationFilter;
import io.github.wxminiauth.security.web.internal.WxEndpointMethodFilter;
import io.github.wxminiauth.security.web.internal.WxErrorPathFilter;
import io.github.wxminiauth.security.web.WxErrorResponseWriter;
import io.github.wxminiauth.security.web.WxJwkSetEndpoint;
import io.github.wxminiauth.security.web.internal.WxJwkSetFilter;
import io.github.wxminiauth.security.web.internal.WxLoginSuccessHandler;
import io.github.wxminiauth.security.web.internal.WxLogoutFilter;
import io.github.wxminiauth.security.web.internal.WxMiniAccessDeniedHandler;
import io.github.wxminiauth.security.web.internal.WxMiniAuthenticationEntryPoint;
import io.github.wxminiauth.security.web.internal.WxMiniAuthenticationFilter;
import io.github.wxminiauth.security.web.WxMiniEndpoints;
import io.github.wxminiauth.security.web.internal.WxPhoneNumberFilter;
import io.github.wxminiauth.security.web.internal.WxProblemWriter;
import io.github.wxminiauth.security.web.internal.WxPhoneLoginRateLimit;
import io.github.wxminiauth.security.web.internal.WxRateLimitFilter;
import io.github.wxminiauth.security.web.internal.WxRefreshTokenFilter;
import io.github.wxminiauth.security.web.internal.WxSessionsFilter;
import io.github.wxminiauth.session.WxSessionService;
import io.github.wxminiauth.sessionkey.SessionKeyStore;
import io.github.wxminiauth.token.JwtSigningKeys;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.Http403ForbiddenEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.authentication.www.DigestAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Adds WeChat Mini Program login to a {@link HttpSecurity} of the application's own: the login,
 * refresh, logout and phone endpoints, authentication of the starter's bearer tokens, rate limits
 * of the login and phone endpoints (when a {@link RateLimiter} and {@link WxRateLimits} bean are
 * present), the contract's error answers, and, when tokens are signed with asymmetric keys, the
 * public JWK Set endpoint.
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
 * <h2>Next to the application's own authentication</h2> The configurer adds to a chain and takes
 * nothing away. Its filters act only on its own endpoints and on bearer tokens that claim to be the
 * starter's (its issuer or key id); every other {@code Authorization} header is left to the rest of
 * the chain, and an authentication already in place is never cleared nor replaced. With
 * {@code oauth2ResourceServer()} in the same chain the resource server does not see a request the
 * starter's token has authenticated, so both kinds of caller reach the same paths. When the chain
 * has other kinds of authentication (form login, HTTP Basic, a resource server, OAuth2 login …),
 * the starter's entry point and access-denied handler answer only the starter's own requests, and
 * the chain's others stay in charge of the rest. The login's {@code AuthenticationManager} is the
 * configurer's own: it neither uses nor changes the application's.
 *
 * <h2>Collaborators</h2> Each collaborator is the value given to this configurer, else the
 * application's only bean of its type, else the starter's default. The starter-specific ones
 * ({@link WxTokenService}, {@link WxUserDetailsService}, {@link WxErrorResponseWriter}) are also
 * looked up as beans; Spring Security's own types (entry point, handlers) only when given here, as
 * beans of those types usually belong to the application's other chains.
 *
 * @since 0.1.0
 */
public final class WxMiniConfigurer extends AbstractHttpConfigurer<WxMiniConfigurer, HttpSecurity> {

	/**
	 * The configurers of Spring Security that authenticate requests in ways of their own. With any
	 * of them in the chain, the starter answers only its own requests.
	 */
	private static final List<String> OTHER_AUTHENTICATION_CONFIGURERS = List.of(
			"org.springframework.security.config.annotation.web.configurers.FormLoginConfigurer",
			"org.springframework.security.config.annotation.web.configurers.HttpBasicConfigurer",
			"org.springframework.security.config.annotation.web.configurers.X509Configurer",
			"org.springframework.security.config.annotation.web.configurers.JeeConfigurer",
			"org.springframework.security.config.annotation.web.configurers.WebAuthnConfigurer",
			"org.springframework.security.config.annotation.web.configurers.ott.OneTimeTokenLoginConfigurer",
			"org.springframework.security.config.annotation.web.configurers.oauth2.client.OAuth2LoginConfigurer",
			"org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer",
			"org.springframework.security.config.annotation.web.configurers.saml2.Saml2LoginConfigurer");

	private static final String RESOURCE_SERVER_FILTER = "org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter";

	private @Nullable WxMiniEndpoints endpoints;

	private @Nullable WxTokenService tokenService;

	private @Nullable WxUserDetailsService userDetailsService;

	private @Nullable WxErrorResponseWriter errorResponseWriter;

	private @Nullable AuthenticationSuccessHandler successHandler;

	private @Nullable AuthenticationFailureHandler failureHandler;

	private @Nullable AuthenticationEntryPoint authenticationEntryPoint;

	private @Nullable AccessDeniedHandler accessDeniedHandler;

	/** Whether the chain has no other kind of authentication; known from {@link #init}. */
	private boolean alone = true;

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
	 * properties). They are resolved against the chain's servlet path, like Spring Security's own
	 * login and logout paths.
	 * @param endpoints the paths
	 * @return this configurer
	 */
	public WxMiniConfigurer endpoints(WxMiniEndpoints endpoints) {
		Assert.notNull(endpoints, "endpoints must not be null");
		this.endpoints = endpoints;
		return this;
	}

	/**
	 * Sets the service that issues, verifies, refreshes and revokes tokens (by default the
	 * application's only {@link WxTokenService} bean).
	 * @param tokenService the token service
	 * @return this configurer
	 * @since 0.2.0
	 */
	public WxMiniConfigurer tokenService(WxTokenService tokenService) {
		Assert.notNull(tokenService, "tokenService must not be null");
		this.tokenService = tokenService;
		return this;
	}

	/**
	 * Sets where mini-program users are loaded and registered at login (by default the
	 * application's only {@link WxUserDetailsService} bean).
	 * @param userDetailsService the user service
	 * @return this configurer
	 * @since 0.2.0
	 */
	public WxMiniConfigurer userDetailsService(WxUserDetailsService userDetailsService) {
		Assert.notNull(userDetailsService, "userDetailsService must not be null");
		this.userDetailsService = userDetailsService;
		return this;
	}

	/**
	 * Sets what writes the body of every error the starter answers (by default the application's
	 * only {@link WxErrorResponseWriter} bean, else RFC 9457 problems).
	 * @param errorResponseWriter the writer
	 * @return this configurer
	 * @since 0.2.0
	 */
	public WxMiniConfigurer errorResponseWriter(WxErrorResponseWriter errorResponseWriter) {
		Assert.notNull(errorResponseWriter, "errorResponseWriter must not be null");
		this.errorResponseWriter = errorResponseWriter;
		return this;
	}

	/**
	 * Sets what answers a successful login (by default {@link WxLoginSuccessHandler}, which
	 * starts the session and answers with its tokens).
	 * @param successHandler the handler
	 * @return this configurer
	 * @since 0.2.0
	 */
	public WxMiniConfigurer successHandler(AuthenticationSuccessHandler successHandler) {
		Assert.notNull(successHandler, "successHandler must not be null");
		this.successHandler = successHandler;
		return this;
	}

	/**
	 * Sets what answers a failed login (by default {@link WxAuthenticationFailureHandler}, which
	 * answers the contract's error).
	 * @param failureHandler the handler
	 * @return this configurer
	 * @since 0.2.0
	 */
	public WxMiniConfigurer failureHandler(AuthenticationFailureHandler failureHandler) {
		Assert.notNull(failureHandler, "failureHandler must not be null");
		this.failureHandler = failureHandler;
		return this;
	}

	/**
	 * Sets what answers a request the starter does not authenticate: a refused token, or a
	 * request without credentials to one of the starter's endpoints (by default
	 * {@link WxMiniAuthenticationEntryPoint}).
	 * @param authenticationEntryPoint the entry point
	 * @return this configurer
	 * @since 0.2.0
	 */
	public WxMiniConfigurer authenticationEntryPoint(AuthenticationEntryPoint authenticationEntryPoint) {
		Assert.notNull(authenticationEntryPoint, "authenticationEntryPoint must not be null");
		this.authenticationEntryPoint = authenticationEntryPoint;
		return this;
	}

	/**
	 * Sets what answers a mini-program user who is not allowed (by default
	 * {@link WxMiniAccessDeniedHandler}, 403 {@code access_denied}).
	 * @param accessDeniedHandler the handler
	 * @return this configurer
	 * @since 0.2.0
	 */
	public WxMiniConfigurer accessDeniedHandler(AccessDeniedHandler accessDeniedHandler) {
		Assert.notNull(accessDeniedHandler, "accessDeniedHandler must not be null");
		this.accessDeniedHandler = accessDeniedHandler;
		return this;
	}

	@Override
	public void init(HttpSecurity http) {
		ApplicationContext context = context(http);
		WxProblemWriter writer = problemWriter(http, context);
		AuthenticationEntryPoint entryPoint = entryPoint(http, writer);
		AccessDeniedHandler deniedHandler = (this.accessDeniedHandler != null) ? this.accessDeniedHandler
				: new WxMiniAccessDeniedHandler(writer);
		WxTokenService tokens = tokenService(context);
		RequestMatcher endpointRequests = endpointRequests(endpoints(context));
		RequestMatcher ourTokens = new WxAccessTokenRequestMatcher(tokens);
		// The defaults for 401 and 403 are registered once every other configurer has registered
		// its own: Spring Security uses the first default entry point for the requests no matcher
		// claims, which must stay the one the chain would use without the starter.
		http.with(new ExceptionHandlingDefaults(this, entryPoint, deniedHandler,
				new OrRequestMatcher(endpointRequests, ourTokens)), Customizer.withDefaults());
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null) {
			// Mini programs send no cookies: a code in the body or a bearer token cannot be forged
			// cross-site, so CSRF protection does not apply to these requests. Other requests
			// (the application's form pages) keep it.
			csrf.ignoringRequestMatchers(new OrRequestMatcher(endpointRequests, ourTokens));
		}
		if (ClassUtils.isPresent(RESOURCE_SERVER_FILTER, getClass().getClassLoader())) {
			ResourceServerCoexistence.apply(http, getSecurityContextHolderStrategy());
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		ApplicationContext context = context(http);
		WxMiniEndpoints paths = endpoints(context);
		WxProblemWriter writer = problemWriter(http, context);
		WxAppRegistry apps = requireBean(context, WxAppRegistry.class);
		WxTokenService tokens = tokenService(context);
		SecurityContextHolderStrategy holderStrategy = getSecurityContextHolderStrategy();
		AuthenticationEntryPoint entryPoint = entryPoint(http, writer);
		WxMiniMetrics metrics = context.getBeanProvider(WxMiniMetrics.class).getIfAvailable(() -> WxMiniMetrics.NOOP);

		WxMiniAuthenticationFilter login = new WxMiniAuthenticationFilter(post(paths.login()),
				authenticationManager(context, metrics), apps, writer);
		login.setSecurityContextHolderStrategy(holderStrategy);
		login.setApplicationEventPublisher(context);
		login.setAuthenticationSuccessHandler((this.successHandler != null) ? this.successHandler
				: new WxLoginSuccessHandler(tokens, writer, metrics));
		login.setAuthenticationFailureHandler((this.failureHandler != null) ? this.failureHandler
				: new WxAuthenticationFailureHandler(writer, metrics));
		WxRefreshTokenFilter refresh = new WxRefreshTokenFilter(post(paths.refresh()), tokens, writer);
		WxBearerTokenAuthenticationFilter bearer = new WxBearerTokenAuthenticationFilter(tokens, entryPoint,
				new OrRequestMatcher(post(paths.login()), post(paths.refresh())));
		bearer.setSecurityContextHolderStrategy(holderStrategy);
		bearer.setClock(clock(context));
		WxLogoutFilter logout = new WxLogoutFilter(post(paths.logout()), tokens, entryPoint, writer);
		logout.setSecurityContextHolderStrategy(holderStrategy);
		WxPhoneNumberFilter phone = new WxPhoneNumberFilter(post(paths.phone()),
				requireBean(context, PhoneNumberService.class), tokens, entryPoint, writer);
		phone.setSecurityContextHolderStrategy(holderStrategy);
		WxSessionsFilter sessions = new WxSessionsFilter(request(HttpMethod.GET, paths.sessions()),
				request(HttpMethod.DELETE, paths.sessions()), request(HttpMethod.DELETE, oneSession(paths)),
				requireBean(context, WxSessionService.class), entryPoint, writer);
		sessions.setSecurityContextHolderStrategy(holderStrategy);

		JwtSigningKeys signingKeys = context.getBeanProvider(JwtSigningKeys.class).getIfAvailable();
		if (signingKeys != null) {
			// Only asymmetric keys have public keys to publish; with HS256 the path is not served.
			WxJwkSetEndpoint jwkSet = context.getBeanProvider(WxJwkSetEndpoint.class)
				.getIfAvailable(WxJwkSetEndpoint::defaults);
			http.addFilterBefore(postProcess(new WxJwkSetFilter(jwkSet, signingKeys, jsonMapper(context))),
					UsernamePasswordAuthenticationFilter.class);
		}
		// Before CSRF protection, which would answer a wrong method on an endpoint 403 in a
		// stateful chain: the answer to a method an endpoint does not take is 405 everywhere.
		http.addFilterBefore(postProcess(new WxEndpointMethodFilter(endpointMethods(paths), writer)),
				CsrfFilter.class);
		if (this.alone) {
			String errorPath = context.getEnvironment().getProperty("server.error.path", "/error");
			http.addFilterBefore(postProcess(new WxErrorPathFilter(anyMethod(errorPath), writer)), CsrfFilter.class);
		}
		http.addFilterBefore(postProcess(login), UsernamePasswordAuthenticationFilter.class);
		http.addFilterBefore(postProcess(refresh), UsernamePasswordAuthenticationFilter.class);
		// Before the resource server's BearerTokenAuthenticationFilter and HTTP Basic (both after
		// DigestAuthenticationFilter), so that a starter token is judged by the starter first.
		http.addFilterBefore(postProcess(bearer), DigestAuthenticationFilter.class);
		// After all authentication, so that logout and phone see the authenticated user.
		http.addFilterAfter(postProcess(logout), BasicAuthenticationFilter.class);
		http.addFilterAfter(postProcess(phone), BasicAuthenticationFilter.class);
		http.addFilterAfter(postProcess(sessions), BasicAuthenticationFilter.class);
		addRateLimits(http, context, paths, writer, holderStrategy, metrics);
	}

	/**
	 * The login's own manager: only the starter's provider, so that logins of the application's
	 * users never reach it and mini-program logins never reach theirs. Post-processed like
	 * Spring Security's own, so that its observation and the application's post-processors apply.
	 */
	private AuthenticationManager authenticationManager(ApplicationContext context, WxMiniMetrics metrics) {
		WxUserDetailsService users = (this.userDetailsService != null) ? this.userDetailsService
				: requireBean(context, WxUserDetailsService.class);
		WxMiniAuthenticationProvider unprocessed = new WxMiniAuthenticationProvider(
				requireBean(context, WxApiClient.class), users, requireBean(context, SessionKeyStore.class));
		unprocessed.setClock(clock(context));
		unprocessed.setPhoneNumberService(requireBean(context, PhoneNumberService.class));
		WxPhoneLoginRateLimit phoneLimit = phoneLoginRateLimit(context, metrics);
		if (phoneLimit != null) {
			unprocessed.setPhoneLoginGuard(phoneLimit);
		}
		WxMiniAuthenticationProvider provider = postProcess(unprocessed);
		ProviderManager providerManager = new ProviderManager(provider);
		// Publish login successes and failures like any other Spring Security login (audit events).
		context.getBeanProvider(AuthenticationEventPublisher.class)
			.ifAvailable(providerManager::setAuthenticationEventPublisher);
		AuthenticationManager manager = providerManager;
		return postProcess(manager);
	}

	/**
	 * A one-tap phone login counts as a phone binding too, in the phone endpoint's buckets.
	 */
	private static @Nullable WxPhoneLoginRateLimit phoneLoginRateLimit(ApplicationContext context,
			WxMiniMetrics metrics) {
		RateLimiter limiter = context.getBeanProvider(RateLimiter.class).getIfUnique();
		WxRateLimits limits = context.getBeanProvider(WxRateLimits.class).getIfUnique();
		if (limiter == null || limits == null) {
			return null;
		}
		WxPhoneLoginRateLimit limit = new WxPhoneLoginRateLimit(limiter, limits.phonePerUser(), limits.phonePerIp());
		limit.setMetrics(metrics);
		return limit;
	}

	/**
	 * Puts the rate limits right before the login and phone filters, so that a rejected request
	 * reaches neither WeChat nor a store; the phone limit runs after bearer authentication, which
	 * tells it the user.
	 */
	private void addRateLimits(HttpSecurity http, ApplicationContext context, WxMiniEndpoints paths,
			WxProblemWriter writer, SecurityContextHolderStrategy holderStrategy, WxMiniMetrics metrics) {
		RateLimiter limiter = context.getBeanProvider(RateLimiter.class).getIfUnique();
		WxRateLimits limits = context.getBeanProvider(WxRateLimits.class).getIfUnique();
		if (limiter == null || limits == null) {
			return;
		}
		WxRateLimitFilter login = new WxRateLimitFilter(RateLimitedEndpoint.LOGIN, post(paths.login()), limiter,
				limits.loginPerIp(), null, writer);
		WxRateLimitFilter phone = new WxRateLimitFilter(RateLimitedEndpoint.PHONE, post(paths.phone()), limiter,
				limits.phonePerIp(), limits.phonePerUser(), writer);
		phone.setSecurityContextHolderStrategy(holderStrategy);
		login.setMetrics(metrics);
		phone.setMetrics(metrics);
		http.addFilterBefore(postProcess(login), WxMiniAuthenticationFilter.class);
		http.addFilterBefore(postProcess(phone), WxPhoneNumberFilter.class);
	}

	private static ApplicationContext context(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		Assert.state(context != null, "WxMiniConfigurer needs the ApplicationContext of the HttpSecurity");
		return context;
	}

	/**
	 * One writer per chain, shared by init and configure through the chain's shared objects.
	 */
	private WxProblemWriter problemWriter(HttpSecurity http, ApplicationContext context) {
		WxProblemWriter writer = http.getSharedObject(WxProblemWriter.class);
		if (writer == null) {
			JsonMapper jsonMapper = jsonMapper(context);
			WxErrorResponseWriter errors = resolve(context, WxErrorResponseWriter.class, this.errorResponseWriter,
					"errorResponseWriter", () -> WxErrorResponseWriter.problemDetails(jsonMapper));
			writer = new WxProblemWriter(jsonMapper, errors);
			http.setSharedObject(WxProblemWriter.class, writer);
		}
		return writer;
	}

	private AuthenticationEntryPoint entryPoint(HttpSecurity http, WxProblemWriter writer) {
		if (this.authenticationEntryPoint != null) {
			return this.authenticationEntryPoint;
		}
		WxMiniAuthenticationEntryPoint entryPoint = http.getSharedObject(WxMiniAuthenticationEntryPoint.class);
		if (entryPoint == null) {
			entryPoint = new WxMiniAuthenticationEntryPoint(writer);
			http.setSharedObject(WxMiniAuthenticationEntryPoint.class, entryPoint);
		}
		return entryPoint;
	}

	private WxTokenService tokenService(ApplicationContext context) {
		return resolve(context, WxTokenService.class, this.tokenService, "tokenService", null);
	}

	private WxMiniEndpoints endpoints(ApplicationContext context) {
		if (this.endpoints != null) {
			return this.endpoints;
		}
		return context.getBeanProvider(WxMiniEndpoints.class).getIfAvailable(WxMiniEndpoints::defaults);
	}

	/**
	 * The value given to the configurer, else the only bean of the type, else the default.
	 */
	private static <T> T resolve(ApplicationContext context, Class<T> type, @Nullable T configured, String option,
			@Nullable Supplier<T> defaultValue) {
		if (configured != null) {
			return configured;
		}
		ObjectProvider<T> beans = context.getBeanProvider(type);
		T unique = beans.getIfUnique();
		if (unique != null) {
			return unique;
		}
		int count = context.getBeanNamesForType(type).length;
		if (count == 0 && defaultValue != null) {
			return defaultValue.get();
		}
		throw new IllegalStateException(((count == 0) ? "No " + type.getSimpleName() + " bean"
				: count + " " + type.getSimpleName() + " beans and none of them @Primary")
				+ ": declare exactly one, or pass one with WxMiniConfigurer.wxMini()." + option + "(…)");
	}

	private static <T> T requireBean(ApplicationContext context, Class<T> type) {
		T bean = context.getBeanProvider(type).getIfUnique();
		if (bean == null) {
			throw new IllegalStateException("WxMiniConfigurer needs exactly one " + type.getSimpleName()
					+ " bean; the wxmini-auth auto-configuration provides one unless the application declares its own"
					+ " (or several): check wxmini.* and the application's beans");
		}
		return bean;
	}

	private static JsonMapper jsonMapper(ApplicationContext context) {
		return context.getBeanProvider(JsonMapper.class).getIfAvailable(JsonMapper::new);
	}

	private static Clock clock(ApplicationContext context) {
		return context.getBeanProvider(Clock.class).getIfUnique(Clock::systemUTC);
	}

	private RequestMatcher endpointRequests(WxMiniEndpoints paths) {
		return new OrRequestMatcher(post(paths.login()), post(paths.refresh()), post(paths.logout()),
				post(paths.phone()), anyMethod(paths.sessions()), anyMethod(oneSession(paths)));
	}

	private Map<RequestMatcher, Set<String>> endpointMethods(WxMiniEndpoints paths) {
		Map<RequestMatcher, Set<String>> methods = new LinkedHashMap<>();
		for (String path : List.of(paths.login(), paths.refresh(), paths.logout(), paths.phone())) {
			methods.put(anyMethod(path), Set.of("POST"));
		}
		methods.put(anyMethod(paths.sessions()), new LinkedHashSet<>(List.of("GET", "HEAD", "DELETE")));
		methods.put(anyMethod(oneSession(paths)), Set.of("DELETE"));
		return methods;
	}

	private static String oneSession(WxMiniEndpoints paths) {
		return paths.sessions() + "/{sid}";
	}

	private RequestMatcher anyMethod(String path) {
		return requestMatcherBuilder().matcher(path);
	}

	private RequestMatcher post(String path) {
		return request(HttpMethod.POST, path);
	}

	private RequestMatcher request(HttpMethod method, String path) {
		return requestMatcherBuilder().matcher(method, path);
	}

	private PathPatternRequestMatcher.Builder requestMatcherBuilder() {
		PathPatternRequestMatcher.Builder builder = getRequestMatcherBuilder();
		return (builder != null) ? builder : PathPatternRequestMatcher.withDefaults();
	}

	private static RequestMatcher authenticatedByUs(SecurityContextHolderStrategy holderStrategy) {
		return (request) -> holderStrategy.getContext().getAuthentication() instanceof WxJwtAuthenticationToken;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static boolean hasOtherAuthentication(HttpSecurity http) {
		ClassLoader classLoader = WxMiniConfigurer.class.getClassLoader();
		for (String name : OTHER_AUTHENTICATION_CONFIGURERS) {
			if (ClassUtils.isPresent(name, classLoader)
					&& http.getConfigurer((Class) ClassUtils.resolveClassName(name, classLoader)) != null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Registers the starter's entry point and access-denied handler as defaults of the chain's
	 * exception handling. Applied from {@link WxMiniConfigurer#init}, so that its own
	 * {@code init} runs after every configurer the application applied, when the chain's other
	 * authentication is known and has registered its defaults.
	 */
	static final class ExceptionHandlingDefaults extends AbstractHttpConfigurer<ExceptionHandlingDefaults, HttpSecurity> {

		private final WxMiniConfigurer owner;

		private final AuthenticationEntryPoint entryPoint;

		private final AccessDeniedHandler deniedHandler;

		private final RequestMatcher ourRequests;

		ExceptionHandlingDefaults(WxMiniConfigurer owner, AuthenticationEntryPoint entryPoint,
				AccessDeniedHandler deniedHandler, RequestMatcher ourRequests) {
			this.owner = owner;
			this.entryPoint = entryPoint;
			this.deniedHandler = deniedHandler;
			this.ourRequests = ourRequests;
		}

		@Override
		public void init(HttpSecurity http) {
			boolean alone = !hasOtherAuthentication(http);
			this.owner.alone = alone;
			ExceptionHandlingConfigurer<HttpSecurity> exceptionHandling = http
				.getConfigurer(ExceptionHandlingConfigurer.class);
			if (exceptionHandling == null) {
				return;
			}
			if (alone) {
				// Alone in its chain, the starter answers every unauthenticated or denied request.
				exceptionHandling.defaultAuthenticationEntryPointFor(this.entryPoint, AnyRequestMatcher.INSTANCE);
				exceptionHandling.defaultAccessDeniedHandlerFor(this.deniedHandler, AnyRequestMatcher.INSTANCE);
				return;
			}
			// Next to other authentication, only its own requests, so the chain's others stay in
			// charge of the rest. Spring Security uses a lone default for every request whatever
			// its matcher, so each default falls back to what the chain would use without it.
			RequestMatcher ours = this.ourRequests;
			RequestMatcher byUs = authenticatedByUs(getSecurityContextHolderStrategy());
			AuthenticationEntryPoint entryPoint = this.entryPoint;
			AccessDeniedHandler deniedHandler = this.deniedHandler;
			Http403ForbiddenEntryPoint noEntryPoint = new Http403ForbiddenEntryPoint();
			AccessDeniedHandlerImpl noDeniedHandler = new AccessDeniedHandlerImpl();
			exceptionHandling.defaultAuthenticationEntryPointFor((request, response, ex) -> {
				AuthenticationEntryPoint answer = ours.matches(request) ? entryPoint : noEntryPoint;
				answer.commence(request, response, ex);
			}, ours);
			exceptionHandling.defaultAccessDeniedHandlerFor((request, response, ex) -> {
				AccessDeniedHandler answer = byUs.matches(request) ? deniedHandler : noDeniedHandler;
				answer.handle(request, response, ex);
			}, byUs);
		}

	}

}
