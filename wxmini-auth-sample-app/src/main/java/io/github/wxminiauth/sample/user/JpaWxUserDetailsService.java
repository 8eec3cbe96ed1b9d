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
 *
 * @author wxmini-auth
 */
public final class JpaWxUserDetailsService implements WxUserDetailsService {

	static final String ROLE_USER = "ROLE_USER";

	static final String PHONE_VERIFIED = "PHONE_VERIFIED";

	static final String ROLE_ADMIN = "ROLE_ADMIN";

	private static final Log logger = LogFactory.getLog(JpaWxUserDetailsService.class);

	/** How a ban without an end is stored. */
	private static final Instant LAST_STORABLE = Instant.parse("9999-12-31T23:59:59Z");

	private final WxUserRepository repository;

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
		Assert.notNull(repository, "repository must not be null");
		Assert.notNull(transactionManager, "transactionManager must not be null");
		Assert.notNull(adminOpenids, "adminOpenids must not be null");
		Assert.notNull(clock, "clock must not be null");
		this.repository = repository;
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
