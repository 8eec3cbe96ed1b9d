package io.github.wxminiauth.test.context.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.github.wxminiauth.security.authentication.WxJwtAuthenticationToken;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WithMockWxUserSecurityContextFactory}: which AppID a mock user gets, and that
 * its authentication is the one the bearer filter makes.
 */
class WithMockWxUserSecurityContextFactoryTests {

	private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

	@Test
	void withoutAnApplicationContextTheAppIdIsTheDefault() {
		Authentication authentication = authenticate(new WithMockWxUserSecurityContextFactory(), annotation());
		assertThat(principalAppId(authentication)).isEqualTo(WithMockWxUser.DEFAULT_APP_ID);
	}

	@Test
	void withOneMiniProgramTheAppIdIsThatMiniProgramsOwn() {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("apps", WxAppRegistry.of(new WxApp("default", "wx1111111111111111", "s")));
		Authentication authentication = authenticate(new WithMockWxUserSecurityContextFactory(beans), annotation());
		assertThat(principalAppId(authentication)).isEqualTo("wx1111111111111111");
	}

	@Test
	void withSeveralMiniProgramsTheAppIdIsTheDefault() {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("apps", WxAppRegistry.of(new WxApp("a", "wx1111111111111111", "s"),
				new WxApp("b", "wx2222222222222222", "s")));
		Authentication authentication = authenticate(new WithMockWxUserSecurityContextFactory(beans), annotation());
		assertThat(principalAppId(authentication)).isEqualTo(WithMockWxUser.DEFAULT_APP_ID);
	}

	@Test
	void authenticationIsTheBearerFiltersWithTheFactorIssuedOnTheApplicationsClock() {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("clock", Clock.fixed(NOW, ZoneOffset.UTC));
		WithMockWxUser user = annotation(Map.of("openid", "oAlice", "unionid", "uAlice", "authorities",
				new String[] { "ROLE_USER", "PHONE_VERIFIED" }));
		Authentication authentication = authenticate(new WithMockWxUserSecurityContextFactory(beans), user);
		assertThat(authentication).isInstanceOf(WxJwtAuthenticationToken.class);
		assertThat(authentication.isAuthenticated()).isTrue();
		assertThat(authentication.getName()).isEqualTo("oAlice");
		WxJwtAuthenticationToken token = (WxJwtAuthenticationToken) authentication;
		assertThat(token.getPrincipal().unionid()).isEqualTo("uAlice");
		assertThat(token.getPrincipal().sessionId()).isEqualTo(WithMockWxUser.SESSION_ID);
		assertThat(token.getToken().authorities()).containsExactly("ROLE_USER", "PHONE_VERIFIED");
		assertThat(token.getToken().expiresAt()).isAfter(NOW);
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("ROLE_USER", "PHONE_VERIFIED", FactorGrantedAuthority.BEARER_AUTHORITY);
		FactorGrantedAuthority factor = (FactorGrantedAuthority) authentication.getAuthorities()
			.stream()
			.filter(FactorGrantedAuthority.class::isInstance)
			.findFirst()
			.orElseThrow();
		assertThat(factor.getIssuedAt()).isEqualTo(NOW);
	}

	@Test
	void emptyUnionidMeansNone() {
		Authentication authentication = authenticate(new WithMockWxUserSecurityContextFactory(), annotation());
		assertThat(((WxJwtAuthenticationToken) authentication).getPrincipal().unionid()).isNull();
	}

	private static Authentication authenticate(WithMockWxUserSecurityContextFactory factory, WithMockWxUser user) {
		return factory.createSecurityContext(user).getAuthentication();
	}

	private static String principalAppId(Authentication authentication) {
		return ((WxJwtAuthenticationToken) authentication).getPrincipal().appId();
	}

	private static WithMockWxUser annotation() {
		return annotation(Map.of());
	}

	private static WithMockWxUser annotation(Map<String, Object> attributes) {
		// Synthesized as Spring's test listener sees it, so that the openid/value aliases apply
		return AnnotationUtils.synthesizeAnnotation(attributes, WithMockWxUser.class, null);
	}

}
