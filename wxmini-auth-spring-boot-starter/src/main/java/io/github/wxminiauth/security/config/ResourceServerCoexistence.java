package io.github.wxminiauth.security.config;

import java.io.IOException;

import io.github.wxminiauth.security.authentication.WxJwtAuthenticationToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Lets the starter's tokens and an OAuth2 resource server share one chain. Both read
 * {@code Authorization: Bearer}; the starter's filter runs first and authenticates its own tokens,
 * and the resource server's filter then steps aside for a request the starter has authenticated
 * (it would otherwise try the starter's token with the application's {@code JwtDecoder} or
 * introspector, reject it, and clear the authentication). Every other request reaches the resource
 * server's filter exactly as configured by the application.
 * <p>
 * Only loaded when spring-security-oauth2-resource-server is on the classpath.
 */
final class ResourceServerCoexistence {

	private ResourceServerCoexistence() {
	}

	@SuppressWarnings("unchecked")
	static void apply(HttpSecurity http, SecurityContextHolderStrategy holderStrategy) {
		OAuth2ResourceServerConfigurer<HttpSecurity> resourceServer = http
			.getConfigurer(OAuth2ResourceServerConfigurer.class);
		if (resourceServer == null) {
			return;
		}
		resourceServer.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {

			@Override
			public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
				return (O) new StarterTokenAwareBearerTokenFilter(filter, holderStrategy);
			}

		});
	}

	/**
	 * The resource server's filter, skipped for requests the starter has authenticated. It takes
	 * the resource server filter's place in the chain (a subclass keeps its registered order), and
	 * passes every setter on to it, so that post-processors applied after this one still configure
	 * the real filter.
	 */
	static final class StarterTokenAwareBearerTokenFilter extends BearerTokenAuthenticationFilter {

		private static final AuthenticationManager UNUSED = (authentication) -> {
			throw new IllegalStateException("authentication is done by the wrapped filter");
		};

		private final BearerTokenAuthenticationFilter delegate;

		private final SecurityContextHolderStrategy holderStrategy;

		StarterTokenAwareBearerTokenFilter(BearerTokenAuthenticationFilter delegate,
				SecurityContextHolderStrategy holderStrategy) {
			super(UNUSED);
			this.delegate = delegate;
			this.holderStrategy = holderStrategy;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (this.holderStrategy.getContext().getAuthentication() instanceof WxJwtAuthenticationToken) {
				chain.doFilter(request, response);
				return;
			}
			this.delegate.doFilter(request, response, chain);
		}

		@Override
		public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
			this.delegate.setSecurityContextHolderStrategy(securityContextHolderStrategy);
		}

		@Override
		public void setSecurityContextRepository(SecurityContextRepository securityContextRepository) {
			this.delegate.setSecurityContextRepository(securityContextRepository);
		}

		@Override
		public void setBearerTokenResolver(BearerTokenResolver bearerTokenResolver) {
			this.delegate.setBearerTokenResolver(bearerTokenResolver);
		}

		@Override
		public void setAuthenticationEntryPoint(AuthenticationEntryPoint authenticationEntryPoint) {
			this.delegate.setAuthenticationEntryPoint(authenticationEntryPoint);
		}

		@Override
		public void setAuthenticationFailureHandler(AuthenticationFailureHandler authenticationFailureHandler) {
			this.delegate.setAuthenticationFailureHandler(authenticationFailureHandler);
		}

		@Override
		public void setAuthenticationDetailsSource(
				AuthenticationDetailsSource<HttpServletRequest, ?> authenticationDetailsSource) {
			this.delegate.setAuthenticationDetailsSource(authenticationDetailsSource);
		}

		@Override
		public String toString() {
			return "StarterTokenAware" + this.delegate;
		}

	}

}
