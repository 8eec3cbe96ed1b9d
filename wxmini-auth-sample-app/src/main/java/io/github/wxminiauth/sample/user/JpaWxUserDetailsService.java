package io.github.wxminiauth.sample.user;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.PhoneNumber;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Keeps mini-program users in JPA. The starter calls it on every login, on every refresh and when
 * a phone number is bound; declaring it as a bean is all it takes for the starter to use it instead
 * of its in-memory default.
 * <p>
 * Authorities: every user has {@code ROLE_USER}; {@code PHONE_VERIFIED} once a phone number is
 * bound; {@code ROLE_ADMIN} when the openid is listed in {@code sample.admin-openids}.
 * <p>
 * One-tap phone login links: the application also has members who registered elsewhere and are
 * known by their phone number ({@link MemberAccount}). When a one-tap login verifies the number of
 * such an account, and no other openid of the mini program is linked to it yet, the mini-program
 * identity is linked to the account — on its first login, or later if it was not linked to any.
 */
public final class JpaWxUserDetailsService implements WxUserDetailsService {

	static final String ROLE_USER = "ROLE_USER";

	static final String PHONE_VERIFIED = "PHONE_VERIFIED";

	static final String ROLE_ADMIN = "ROLE_ADMIN";

	private static final Log logger = LogFactory.getLog(JpaWxUserDetailsService.class);

	/** How a ban without an end is stored. */
	private static final Instant LAST_STORABLE = Instant.parse("9999-12-31T23:59:59Z");

	private final WxUserRepository repository;

	private final @Nullable MemberAccountRepository accounts;

	private final TransactionTemplate transaction;

	private final TransactionTemplate newTransaction;

	private final Set<String> adminOpenids;

	private final Clock clock;

	/**
	 * Creates a new instance.
	 * @param repository the users
	 * @param transactionManager the transaction manager of the users' database
	 * @param adminOpenids openids that are granted {@code ROLE_ADMIN}
	 * @param clock the clock for creation and login times
	 */
	public JpaWxUserDetailsService(WxUserRepository repository, PlatformTransactionManager transactionManager,
			Iterable<String> adminOpenids, Clock clock) {
		this(repository, null, transactionManager, adminOpenids, clock);
	}

	/**
	 * Creates a new instance that links one-tap logins to the accounts with their phone number.
	 * @param repository the users
	 * @param accounts the accounts of the application's own, or {@code null} to link none
	 * @param transactionManager the transaction manager of the users' database
	 * @param adminOpenids openids that are granted {@code ROLE_ADMIN}
	 * @param clock the clock for creation and login times
	 */
	public JpaWxUserDetailsService(WxUserRepository repository, @Nullable MemberAccountRepository accounts,
			PlatformTransactionManager transactionManager, Iterable<String> adminOpenids, Clock clock) {
		Assert.notNull(repository, "repository must not be null");
		Assert.notNull(transactionManager, "transactionManager must not be null");
		Assert.notNull(adminOpenids, "adminOpenids must not be null");
		Assert.notNull(clock, "clock must not be null");
		this.repository = repository;
		this.accounts = accounts;
		this.transaction = new TransactionTemplate(transactionManager);
		this.newTransaction = new TransactionTemplate(transactionManager);
		this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.adminOpenids = toSet(adminOpenids);
		this.clock = clock;
	}

	private static Set<String> toSet(Iterable<String> openids) {
		List<String> list = new ArrayList<>();
		openids.forEach(list::add);
		return Set.copyOf(list);
	}

	@Override
	public WxUserRegistration loadOrRegister(WxIdentity identity) {
		Assert.notNull(identity, "identity must not be null");
		WxUserDetails existing = recordLogin(identity);
		if (existing != null) {
			return WxUserRegistration.existing(existing);
		}
		try {
			// Its own transaction: a failed insert must not mark a caller's transaction rollback-only
			WxUserDetails created = this.newTransaction.execute((status) -> toDetails(this.repository
				.saveAndFlush(new WxUser(identity.appId(), identity.openid(), identity.unionid(), this.clock.instant()))));
			logger.debug(LogMessage.format("Registered user %s of app %s", identity.openid(), identity.appId()));
			return WxUserRegistration.created(created);
		}
		catch (DataIntegrityViolationException ex) {
			// Another login of the same openid inserted the row first: it is ours to read now
			WxUserDetails winner = recordLogin(identity);
			if (winner == null) {
				throw ex;
			}
			logger.debug(LogMessage.format("Lost the race to register user %s of app %s", identity.openid(),
					identity.appId()));
			return WxUserRegistration.existing(winner);
		}
	}

	private @Nullable WxUserDetails recordLogin(WxIdentity identity) {
		return this.transaction.execute((status) -> this.repository
			.findByAppIdAndOpenid(identity.appId(), identity.openid())
			.map((user) -> {
				user.recordLogin(identity.unionid(), this.clock.instant());
				return toDetails(user);
			})
			.orElse(null));
	}

	@Override
	public @Nullable WxUserDetails loadUser(String appId, String openid) {
		return this.repository.findByAppIdAndOpenid(appId, openid).map(this::toDetails).orElse(null);
	}

	@Override
	public WxUserDetails bindPhoneNumber(String appId, String openid, PhoneNumber phoneNumber) {
		Assert.notNull(phoneNumber, "phoneNumber must not be null");
		WxUserDetails details = this.transaction.execute((status) -> {
			WxUser user = this.repository.findByAppIdAndOpenid(appId, openid)
				.orElseThrow(() -> new IllegalStateException("No user " + openid + " of app " + appId));
			user.bindPhoneNumber(phoneNumber.phoneNumber(), phoneNumber.purePhoneNumber(), phoneNumber.countryCode());
			return toDetails(user);
		});
		Assert.state(details != null, "No user details");
		return details;
	}

	/**
	 * One-tap phone login: the user of the openid, or else a new one, is stored with the number in
	 * one transaction, linked to the account with that number when no other openid of the mini
	 * program is. Races are settled by the unique constraints: an attempt that loses one (the openid
	 * was registered, or the account linked, by a concurrent login) is rolled back whole and
	 * retried, and then finds the winner's row.
	 */
	@Override
	public WxUserRegistration loadOrRegisterWithPhoneNumber(WxIdentity identity, PhoneNumber phoneNumber) {
		Assert.notNull(identity, "identity must not be null");
		Assert.notNull(phoneNumber, "phoneNumber must not be null");
		for (int attempt = 1;; attempt++) {
			try {
				WxUserRegistration registration = this.newTransaction
					.execute((status) -> storeWithPhoneNumber(identity, phoneNumber));
				Assert.state(registration != null, "No registration");
				return registration;
			}
			catch (DataIntegrityViolationException ex) {
				// Each retry sees one more committed winner (the openid's row, the account's link);
				// three attempts cover both.
				if (attempt == 3) {
					throw ex;
				}
				logger.debug(LogMessage.format("Lost a race to store user %s of app %s with a phone number; retrying",
						identity.openid(), identity.appId()));
			}
		}
	}

	private WxUserRegistration storeWithPhoneNumber(WxIdentity identity, PhoneNumber phoneNumber) {
		Instant now = this.clock.instant();
		WxUser existing = this.repository.findByAppIdAndOpenid(identity.appId(), identity.openid()).orElse(null);
		WxUser user = (existing != null) ? existing
				: new WxUser(identity.appId(), identity.openid(), identity.unionid(), now);
		user.recordLogin(identity.unionid(), now);
		user.bindPhoneNumber(phoneNumber.phoneNumber(), phoneNumber.purePhoneNumber(), phoneNumber.countryCode());
		Long account = (user.getAccountId() == null) ? unlinkedAccount(identity.appId(), phoneNumber) : null;
		if (account != null) {
			user.linkTo(account);
		}
		this.repository.saveAndFlush(user);
		if (account != null) {
			logger.debug(LogMessage.format("Linked user %s of app %s to account %s", identity.openid(),
					identity.appId(), account));
		}
		// Linked to an account that existed before, the person is not new.
		boolean created = existing == null && account == null;
		return new WxUserRegistration(toDetails(user), created);
	}

	/**
	 * The account with this number, if no openid of the app is linked to it yet.
	 */
	private @Nullable Long unlinkedAccount(String appId, PhoneNumber phoneNumber) {
		if (this.accounts == null) {
			return null;
		}
		return this.accounts
			.findByCountryCodeAndPurePhoneNumber(phoneNumber.countryCode(), phoneNumber.purePhoneNumber())
			.map(MemberAccount::getId)
			.filter((id) -> !this.repository.existsByAppIdAndAccountId(appId, id))
			.orElse(null);
	}

	@Override
	public WxUserDetails disable(String appId, String openid, Instant until) {
		Assert.notNull(until, "until must not be null");
		// A ban without an end is stored as the end of year 9999, which every database can hold.
		return change(appId, openid, (user) -> user.disable(until.isAfter(LAST_STORABLE) ? LAST_STORABLE : until));
	}

	@Override
	public WxUserDetails enable(String appId, String openid) {
		return change(appId, openid, WxUser::enable);
	}

	/**
	 * Grants and takes away authorities of a user; they are in the user's tokens from the next
	 * refresh on (make the current ones stale with {@code WxSessionService#refreshAuthorities}).
	 * @param appId the AppID
	 * @param openid the openid
	 * @param add authorities to grant
	 * @param remove authorities to take away
	 * @return the updated user
	 */
	public WxUserDetails changeAuthorities(String appId, String openid, List<String> add, List<String> remove) {
		return change(appId, openid, (user) -> user.changeAuthorities(add, remove));
	}

	private WxUserDetails change(String appId, String openid, Consumer<WxUser> change) {
		WxUserDetails details = this.transaction.execute((status) -> {
			WxUser user = this.repository.findByAppIdAndOpenid(appId, openid)
				.orElseThrow(() -> new IllegalStateException("No user " + openid + " of app " + appId));
			change.accept(user);
			return toDetails(user);
		});
		Assert.state(details != null, "No user details");
		return details;
	}

	private WxUserDetails toDetails(WxUser user) {
		Instant disabledUntil = user.getDisabledUntil();
		if (LAST_STORABLE.equals(disabledUntil)) {
			disabledUntil = WxUserDetails.DISABLED_INDEFINITELY;
		}
		return new WxUserDetails(user.getAppId(), user.getOpenid(), user.getUnionid(), user.getPhoneNumber(),
				authorities(user), disabledUntil);
	}

	private List<String> authorities(WxUser user) {
		List<String> authorities = new ArrayList<>();
		authorities.add(ROLE_USER);
		if (user.getPhoneNumber() != null) {
			authorities.add(PHONE_VERIFIED);
		}
		if (this.adminOpenids.contains(user.getOpenid())) {
			authorities.add(ROLE_ADMIN);
		}
		for (String granted : user.getGrantedAuthorities()) {
			if (!authorities.contains(granted)) {
				authorities.add(granted);
			}
		}
		authorities.removeAll(user.getRevokedAuthorities());
		return authorities;
	}

}
