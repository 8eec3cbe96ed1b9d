package io.github.wxminiauth.sample.user;

import java.time.Clock;

import io.github.wxminiauth.sample.SampleProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.StringUtils;

/**
 * Users in JPA. The starter picks up the {@link JpaWxUserDetailsService} bean and steps its own
 * in-memory user store back.
 */
@Configuration(proxyBeanMethods = false)
class UserConfiguration {

	private static final Log logger = LogFactory.getLog(UserConfiguration.class);

	@Bean
	JpaWxUserDetailsService jpaWxUserDetailsService(WxUserRepository repository, MemberAccountRepository accounts,
			PlatformTransactionManager transactionManager, SampleProperties properties, ObjectProvider<Clock> clock) {
		// Share the application's clock when it has one, so every expiry and timestamp agrees
		return new JpaWxUserDetailsService(repository, accounts, transactionManager, properties.adminOpenids(),
				clock.getIfUnique(Clock::systemUTC));
	}

	/**
	 * Creates the demo account, as if its member had registered on the web: the README's one-tap
	 * login with its number links to it.
	 */
	@Bean
	ApplicationRunner demoAccount(MemberAccountRepository accounts, SampleProperties properties,
			ObjectProvider<Clock> clock) {
		return (arguments) -> {
			SampleProperties.DemoAccount demo = properties.demoAccount();
			String number = demo.phoneNumber();
			if (!StringUtils.hasText(number) || accounts.findByCountryCodeAndPurePhoneNumber("86", number).isPresent()) {
				return;
			}
			try {
				accounts.saveAndFlush(new MemberAccount("86", number, demo.displayName(),
						clock.getIfUnique(Clock::systemUTC).instant()));
				logger.info("Created the demo account of phone number " + number
						+ ": a one-tap phone login with it links to it");
			}
			catch (DataIntegrityViolationException ex) {
				// Another instance sharing the database created it first.
			}
		};
	}

}
