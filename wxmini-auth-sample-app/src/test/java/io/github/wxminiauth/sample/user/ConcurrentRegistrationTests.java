package io.github.wxminiauth.sample.user;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.github.wxminiauth.sample.MutableClock;
import io.github.wxminiauth.sample.Race;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.PhoneNumber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Racing registrations through {@link JpaWxUserDetailsService}, the same cases on every database
 * the sample runs on (a subclass says which, with {@code @SpringBootTest}): however many first
 * logins or one-tap logins race, one openid gets one row, and an account's number links exactly
 * one openid. Only the JPA layer runs, without the web or security layers.
 */
abstract class ConcurrentRegistrationTests {

	/** An openid granted ROLE_ADMIN by the service under test. */
	static final String ADMIN_OPENID = "oAdmin000000000000000000000";

	/** The mini program of this class's users; a database shared with other runs wants its own. */
	protected final String appId;

	/** Numbers of this run's accounts begin with it: the table may be shared with other runs too. */
	protected final String numberPrefix = "1"
			+ String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits())).substring(0, 7);

	protected final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T08:00:00.123456Z"));

	@Autowired
	protected WxUserRepository repository;

	@Autowired
	protected MemberAccountRepository accounts;

	@Autowired
	protected PlatformTransactionManager transactionManager;

	@Autowired
	protected DataSource dataSource;

	protected JpaWxUserDetailsService service;

	protected ConcurrentRegistrationTests(String appId) {
		this.appId = appId;
	}

	@BeforeEach
	void createService() {
		this.service = new JpaWxUserDetailsService(this.repository, this.accounts, this.transactionManager,
				List.of(ADMIN_OPENID), this.clock);
	}

	@Test
	void hundredConcurrentFirstLoginsOfOneOpenidCreateExactlyOneRow() throws Exception {
		String openid = "oRacing" + UUID.randomUUID();
		List<WxUserRegistration> registrations = Race.run(100,
				(i) -> this.service.loadOrRegister(new WxIdentity(this.appId, openid, null)));
		assertThat(registrations).hasSize(100);
		assertThat(registrations).filteredOn(WxUserRegistration::created).hasSize(1);
		assertThat(registrations).extracting((registration) -> registration.user().openid()).containsOnly(openid);
		assertThat(this.repository.countByAppIdAndOpenid(this.appId, openid)).isOne();
	}

	@Test
	void concurrentOneTapLoginsOfOneOpenidCreateOneRowLinkedToTheAccount() throws Exception {
		MemberAccount account = account(this.numberPrefix + "001");
		String openid = "oRacingOneTap" + UUID.randomUUID();
		List<WxUserRegistration> registrations = Race.run(100, (i) -> this.service
			.loadOrRegisterWithPhoneNumber(new WxIdentity(this.appId, openid, null), phone(this.numberPrefix + "001")));
		assertThat(registrations).hasSize(100).noneMatch(WxUserRegistration::created);
		assertThat(registrations).allMatch((registration) -> registration.user().isPhoneBound());
		assertThat(this.repository.countByAppIdAndOpenid(this.appId, openid)).isOne();
		assertThat(this.repository.findByAppIdAndAccountId(this.appId, account.getId())).extracting(WxUser::getOpenid)
			.containsExactly(openid);
	}

	@Test
	void concurrentOneTapLoginsOfManyOpenidsWithOneAccountsNumberLinkExactlyOne() throws Exception {
		MemberAccount account = account(this.numberPrefix + "002");
		List<WxUserRegistration> registrations = Race.run(30, (i) -> this.service.loadOrRegisterWithPhoneNumber(
				new WxIdentity(this.appId, "oContender" + i + "-" + UUID.randomUUID(), null),
				phone(this.numberPrefix + "002")));
		assertThat(registrations).hasSize(30).allMatch((registration) -> registration.user().isPhoneBound());
		assertThat(registrations).filteredOn((registration) -> !registration.created()).hasSize(1);
		assertThat(this.repository.findByAppIdAndAccountId(this.appId, account.getId())).hasSize(1);
		assertThat(new JdbcTemplate(this.dataSource).queryForObject("select count(*) from wx_user where app_id = ?",
				Integer.class, this.appId))
			.isEqualTo(30);
	}

	protected MemberAccount account(String number) {
		return this.accounts.saveAndFlush(new MemberAccount("86", number, "Web member " + number, this.clock.instant()));
	}

	protected static PhoneNumber phone(String number) {
		return new PhoneNumber(number, number, "86");
	}

	/**
	 * The JPA layer of the application alone.
	 */
	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = WxUser.class)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
			DataJpaRepositoriesAutoConfiguration.class, TransactionAutoConfiguration.class })
	static class JpaConfiguration {

	}

}
