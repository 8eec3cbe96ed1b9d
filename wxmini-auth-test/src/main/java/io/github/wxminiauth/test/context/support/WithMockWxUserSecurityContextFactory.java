package io.github.wxminiauth.test.context.support;

import java.util.List;

import io.github.wxminiauth.test.internal.MockWxAuthentication;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.test.context.support.WithSecurityContextFactory;

/**
 * Makes the security context of {@link WithMockWxUser}. Spring Security's test listener creates
 * it through the test's application context when there is one, which gives it the application's
 * mini programs and clock; without one it uses the defaults.
 */
final class WithMockWxUserSecurityContextFactory implements WithSecurityContextFactory<WithMockWxUser> {

	private final @Nullable BeanFactory beans;

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	WithMockWxUserSecurityContextFactory() {
		this.beans = null;
	}

	@Autowired
	WithMockWxUserSecurityContextFactory(BeanFactory beans) {
		this.beans = beans;
	}

	@Autowired(required = false)
	void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	@Override
	public SecurityContext createSecurityContext(WithMockWxUser user) {
		SecurityContext context = this.securityContextHolderStrategy.createEmptyContext();
		context.setAuthentication(MockWxAuthentication.create(user.openid(), user.appId(),
				WithMockWxUser.DEFAULT_APP_ID, user.unionid(), WithMockWxUser.SESSION_ID,
				List.of(user.authorities()), this.beans));
		return context;
	}

}
