package io.github.wxminiauth.sample.user;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.PhoneNumber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JpaWxUserDetailsService} against the application's real database set-up (H2
 * in memory, schema from the entities), without the web or security layers; the racing
 * registrations are those of {@link ConcurrentRegistrationTests}.
 */
@SpringBootTest(classes = ConcurrentRegistrationTests.JpaConfiguration.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "spring.datasource.url=jdbc:h2:mem:user-tests;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
				"spring.datasource.hikari.maximum-pool-size=20" })
class JpaWxUserDetailsServiceTests extends ConcurrentRegistrationTests {

	private static final String APP_ID = "wx0000000000sample";

	JpaWxUserDetailsServiceTests() {
		super(APP_ID);
	}

	@BeforeEach
	void deleteEveryRow() {
		this.repository.deleteAll();
		this.accounts.deleteAll();
	}

	// ---- one-tap phone login ---------------------------------------------------------------

	@Test
	void oneTapLoginOfANewOpenidWithAnUnknownNumberRegistersAUserWithTheNumber() {
		WxUserRegistration registration = this.service
			.loadOrRegisterWithPhoneNumber(new WxIdentity(APP_ID, "oOneTap", "uOneTap"), phone("13700000001"));
		assertThat(registration.created()).isTrue();
		assertThat(registration.user().phoneNumber()).isEqualTo("13700000001");
		assertThat(registration.user().authorities()).containsExactlyInAnyOrder("ROLE_USER", "PHONE_VERIFIED");
		WxUser stored = this.repository.findByAppIdAndOpenid(APP_ID, "oOneTap").orElseThrow();
		assertThat(stored.getPurePhoneNumber()).isEqualTo("13700000001");
		assertThat(stored.getUnionid()).isEqualTo("uOneTap");
		assertThat(stored.getAccountId()).isNull();
	}

	@Test
	void oneTapLoginWithTheNumberOfAnAccountLinksTheNewOpenidToIt() {
		MemberAccount account = account("13700000002");
		WxUserRegistration registration = this.service
			.loadOrRegisterWithPhoneNumber(new WxIdentity(APP_ID, "oLinked", null), phone("13700000002"));
		assertThat(registration.created()).as("a member who registered elsewhere is not new").isFalse();
		assertThat(registration.user().authorities()).contains("PHONE_VERIFIED");
		WxUser stored = this.repository.findByAppIdAndOpenid(APP_ID, "oLinked").orElseThrow();
		assertThat(stored.getAccountId()).isEqualTo(account.getId());
		assertThat(stored.getPhoneNumber()).isEqualTo("13700000002");
		assertThat(this.repository.count()).isOne();
	}

	@Test
	void aKnownOpenidWithoutAnAccountIsLinkedByItsFirstOneTapLoginWithTheAccountsNumber() {
		this.service.loadOrRegister(new WxIdentity(APP_ID, "oSilentFirst", null));
		MemberAccount account = account("13700000003");
		WxUserRegistration registration = this.service
			.loadOrRegisterWithPhoneNumber(new WxIdentity(APP_ID, "oSilentFirst", null), phone("13700000003"));
		assertThat(registration.created()).isFalse();
		assertThat(this.repository.findByAppIdAndOpenid(APP_ID, "oSilentFirst").orElseThrow().getAccountId())
			.isEqualTo(account.getId());
		assertThat(this.repository.countByAppIdAndOpenid(APP_ID, "oSilentFirst")).isOne();
	}

	@Test
	void anAccountLinkedToOneOpenidIsNotLinkedToAnotherOfTheSameApp() {
		MemberAccount account = account("13700000004");
		this.service.loadOrRegisterWithPhoneNumber(new WxIdentity(APP_ID, "oFirstOwner", null), phone("13700000004"));
		WxUserRegistration other = this.service
			.loadOrRegisterWithPhoneNumber(new WxIdentity(APP_ID, "oSecondPhone", null), phone("13700000004"));
		assertThat(other.created()).isTrue();
		assertThat(other.user().phoneNumber()).isEqualTo("13700000004");
		assertThat(this.repository.findByAppIdAndOpenid(APP_ID, "oSecondPhone").orElseThrow().getAccountId()).isNull();
		assertThat(this.repository.findByAppIdAndAccountId(APP_ID, account.getId())).extracting(WxUser::getOpenid)
			.containsExactly("oFirstOwner");
		WxUserRegistration otherApp = this.service.loadOrRegisterWithPhoneNumber(
				new WxIdentity("wx0000000000other", "oOtherApp", null), phone("13700000004"));
		assertThat(otherApp.created()).as("another mini program links the same account").isFalse();
		assertThat(this.repository.findByAppIdAndOpenid("wx0000000000other", "oOtherApp").orElseThrow().getAccountId())
			.isEqualTo(account.getId());
	}

	@Test
	void withoutAnAccountRepositoryNothingIsLinked() {
		account("13700000007");
		JpaWxUserDetailsService usersOnly = new JpaWxUserDetailsService(this.repository, this.transactionManager,
				List.of(), this.clock);
		WxUserRegistration registration = usersOnly
			.loadOrRegisterWithPhoneNumber(new WxIdentity(APP_ID, "oUnlinked", null), phone("13700000007"));
		assertThat(registration.created()).isTrue();
		assertThat(this.repository.findByAppIdAndOpenid(APP_ID, "oUnlinked").orElseThrow().getAccountId()).isNull();
	}

	@Test
	void firstLoginCreatesUserWithRoleUser() {
		WxUserRegistration registration = this.service.loadOrRegister(new WxIdentity(APP_ID, "oFirst", null));
		assertThat(registration.created()).isTrue();
		assertThat(registration.user().authorities()).containsExactly("ROLE_USER");
		assertThat(registration.user().phoneNumber()).isNull();
		WxUser stored = this.repository.findByAppIdAndOpenid(APP_ID, "oFirst").orElseThrow();
		assertThat(stored.getCreatedAt()).isEqualTo(this.clock.instant());
		assertThat(stored.getLastLoginAt()).isEqualTo(this.clock.instant());
	}

	@Test
	void laterLoginReturnsExistingUserAndRecordsLoginTime() {
		this.service.loadOrRegister(new WxIdentity(APP_ID, "oReturning", null));
		Instant created = this.clock.instant();
		this.clock.advance(Duration.ofDays(3));
		WxUserRegistration registration = this.service.loadOrRegister(new WxIdentity(APP_ID, "oReturning", null));
		assertThat(registration.created()).isFalse();
		WxUser stored = this.repository.findByAppIdAndOpenid(APP_ID, "oReturning").orElseThrow();
		assertThat(stored.getCreatedAt()).isEqualTo(created);
		assertThat(stored.getLastLoginAt()).isEqualTo(created.plus(Duration.ofDays(3)));
	}

	@Test
	void loginThatLosesTheInsertRaceReturnsTheWinnersUser() {
		this.service.loadOrRegister(new WxIdentity(APP_ID, "oWinner", null));
		// A repository whose first look-up misses the row, as when another login inserts it meanwhile
		AtomicBoolean missed = new AtomicBoolean();
		WxUserRepository racing = (WxUserRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { WxUserRepository.class }, (proxy, method, args) -> {
					if (method.getName().equals("findByAppIdAndOpenid") && missed.compareAndSet(false, true)) {
						return Optional.empty();
					}
					try {
						return method.invoke(this.repository, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getTargetException();
					}
				});
		JpaWxUserDetailsService loser = new JpaWxUserDetailsService(racing, this.transactionManager, List.of(),
				this.clock);
		this.clock.advance(Duration.ofMinutes(1));
		WxUserRegistration registration = loser.loadOrRegister(new WxIdentity(APP_ID, "oWinner", "uLate"));
		assertThat(missed).isTrue();
		assertThat(registration.created()).isFalse();
		assertThat(registration.user().unionid()).isEqualTo("uLate");
		assertThat(this.repository.countByAppIdAndOpenid(APP_ID, "oWinner")).isOne();
		assertThat(this.repository.findByAppIdAndOpenid(APP_ID, "oWinner").orElseThrow().getLastLoginAt())
			.isEqualTo(this.clock.instant());
	}

	@Test
	void sameOpenidInAnotherAppIsAnotherUser() {
		this.service.loadOrRegister(new WxIdentity(APP_ID, "oShared", null));
		WxUserRegistration other = this.service.loadOrRegister(new WxIdentity("wx0000000000other", "oShared", null));
		assertThat(other.created()).isTrue();
		assertThat(this.repository.count()).isEqualTo(2);
	}

	@Test
	void bindPhoneNumberStoresNumberAndAddsPhoneVerified() {
		this.service.loadOrRegister(new WxIdentity(APP_ID, "oPhone", null));
		WxUserDetails user = this.service.bindPhoneNumber(APP_ID, "oPhone",
				new PhoneNumber("13800138000", "13800138000", "86"));
		assertThat(user.phoneNumber()).isEqualTo("13800138000");
		assertThat(user.isPhoneBound()).isTrue();
		assertThat(user.authorities()).containsExactlyInAnyOrder("ROLE_USER", "PHONE_VERIFIED");
		WxUser stored = this.repository.findByAppIdAndOpenid(APP_ID, "oPhone").orElseThrow();
		assertThat(stored.getPhoneNumber()).isEqualTo("13800138000");
		assertThat(stored.getPurePhoneNumber()).isEqualTo("13800138000");
		assertThat(stored.getCountryCode()).isEqualTo("86");
		assertThat(this.service.loadUser(APP_ID, "oPhone").authorities()).contains("PHONE_VERIFIED");
		assertThat(this.service.loadOrRegister(new WxIdentity(APP_ID, "oPhone", null)).user().authorities())
			.contains("PHONE_VERIFIED");
	}

	@Test
	void adminOpenidGetsRoleAdmin() {
		WxUserDetails admin = this.service.loadOrRegister(new WxIdentity(APP_ID, ADMIN_OPENID, null)).user();
		WxUserDetails user = this.service.loadOrRegister(new WxIdentity(APP_ID, "oNotAdmin", null)).user();
		assertThat(admin.authorities()).containsExactlyInAnyOrder("ROLE_USER", "ROLE_ADMIN");
		assertThat(user.authorities()).doesNotContain("ROLE_ADMIN");
	}

	@Test
	void unionidIsFilledInWhenItBecomesKnown() {
		WxUserDetails before = this.service.loadOrRegister(new WxIdentity(APP_ID, "oUnion", null)).user();
		assertThat(before.unionid()).isNull();
		WxUserDetails after = this.service.loadOrRegister(new WxIdentity(APP_ID, "oUnion", "uUnion")).user();
		assertThat(after.unionid()).isEqualTo("uUnion");
		assertThat(this.repository.findByAppIdAndOpenid(APP_ID, "oUnion").orElseThrow().getUnionid())
			.isEqualTo("uUnion");
		WxUserDetails laterWithout = this.service.loadOrRegister(new WxIdentity(APP_ID, "oUnion", null)).user();
		assertThat(laterWithout.unionid()).isEqualTo("uUnion");
	}

	@Test
	void loadUserOfUnknownOpenidIsNull() {
		assertThat(this.service.loadUser(APP_ID, "oNobody")).isNull();
	}

}
