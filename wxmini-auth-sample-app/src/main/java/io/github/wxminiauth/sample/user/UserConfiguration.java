package io.github.wxminiauth.sample.user;

import java.time.Clock;

import io.github.wxminiauth.sample.SampleProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Users in JPA. The starter picks up the {@link JpaWxUserDetailsService} bean and steps its own
 * in-memory user store back.
 *
 * @author wxmini-auth
 */
@Configuration(proxyBeanMethods = false)
class UserConfiguration {

	@Bean
	JpaWxUserDetailsService jpaWxUserDetailsService(WxUserRepository repository,
			PlatformTransactionManager transactionManager, SampleProperties properties, ObjectProvider<Clock> clock) {
		// Share the application's clock when it has one, so every expiry and timestamp agrees
		return new JpaWxUserDetailsService(repository, transactionManager, properties.adminOpenids(),
				clock.getIfUnique(Clock::systemUTC));
	}

}
