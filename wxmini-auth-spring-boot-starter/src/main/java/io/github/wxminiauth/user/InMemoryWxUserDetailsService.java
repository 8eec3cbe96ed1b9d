package io.github.wxminiauth.user;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

import io.github.wxminiauth.wechat.PhoneNumber;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link WxUserDetailsService} that keeps users in memory: the default when the application
 * declares none. Every user has {@code ROLE_USER}, and {@code PHONE_VERIFIED} once a phone number
 * is bound.
 * <p>
 * Users are lost on restart and not shared between instances, so this is for a single instance,
 * tests and demos. Declare your own {@code WxUserDetailsService} bean to keep users in a database.
 *
 * @since 0.1.0
 */
public final class InMemoryWxUserDetailsService implements WxUserDetailsService {

	static final String ROLE_USER = "ROLE_USER";

	static final String PHONE_VERIFIED = "PHONE_VERIFIED";

	private final ConcurrentMap<UserKey, WxUserDetails> users = new ConcurrentHashMap<>();

	@Override
	public WxUserRegistration loadOrRegister(WxIdentity identity) {
		Assert.notNull(identity, "identity must not be null");
		boolean[] created = new boolean[1];
		// compute runs atomically per key, so racing first logins create exactly one user.
		WxUserDetails user = this.users.compute(new UserKey(identity.appId(), identity.openid()), (key, existing) -> {
			if (existing == null) {
				created[0] = true;
				return new WxUserDetails(identity.appId(), identity.openid(), identity.unionid(), null,
						List.of(ROLE_USER));
			}
			if (identity.unionid() != null && !Objects.equals(identity.unionid(), existing.unionid())) {
				return new WxUserDetails(existing.appId(), existing.openid(), identity.unionid(),
						existing.phoneNumber(), existing.authorities(), existing.disabledUntil());
			}
			return existing;
		});
		return new WxUserRegistration(user, created[0]);
	}

	@Override
	public WxUserRegistration loadOrRegisterWithPhoneNumber(WxIdentity identity, PhoneNumber phoneNumber) {
		Assert.notNull(identity, "identity must not be null");
		Assert.notNull(phoneNumber, "phoneNumber must not be null");
		boolean[] created = new boolean[1];
		// One compute: the user is registered with the number or not at all, and racing one-tap
		// logins of one openid create exactly one user.
		WxUserDetails user = this.users.compute(new UserKey(identity.appId(), identity.openid()), (key, existing) -> {
			if (existing == null) {
				created[0] = true;
				return new WxUserDetails(identity.appId(), identity.openid(), identity.unionid(),
						phoneNumber.phoneNumber(), withPhoneVerified(List.of(ROLE_USER)));
			}
			String unionid = (identity.unionid() != null) ? identity.unionid() : existing.unionid();
			return new WxUserDetails(existing.appId(), existing.openid(), unionid, phoneNumber.phoneNumber(),
					withPhoneVerified(existing.authorities()), existing.disabledUntil());
		});
		return new WxUserRegistration(user, created[0]);
	}

	@Override
	public @Nullable WxUserDetails loadUser(String appId, String openid) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		return this.users.get(new UserKey(appId, openid));
	}

	@Override
	public WxUserDetails bindPhoneNumber(String appId, String openid, PhoneNumber phoneNumber) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		Assert.notNull(phoneNumber, "phoneNumber must not be null");
		WxUserDetails user = this.users.computeIfPresent(new UserKey(appId, openid),
				(key, existing) -> new WxUserDetails(existing.appId(), existing.openid(), existing.unionid(),
						phoneNumber.phoneNumber(), withPhoneVerified(existing.authorities()), existing.disabledUntil()));
		if (user == null) {
			throw new IllegalStateException("No user with openid " + openid + " in app " + appId);
		}
		return user;
	}

	@Override
	public WxUserDetails disable(String appId, String openid, Instant until) {
		Assert.notNull(until, "until must not be null");
		return change(appId, openid, (user) -> user.withDisabledUntil(until));
	}

	@Override
	public WxUserDetails enable(String appId, String openid) {
		return change(appId, openid, (user) -> user.withDisabledUntil(null));
	}

	private WxUserDetails change(String appId, String openid, UnaryOperator<WxUserDetails> change) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		WxUserDetails user = this.users.computeIfPresent(new UserKey(appId, openid), (key, existing) -> change.apply(existing));
		if (user == null) {
			throw new IllegalStateException("No user with openid " + openid + " in app " + appId);
		}
		return user;
	}

	private static List<String> withPhoneVerified(List<String> authorities) {
		if (authorities.contains(PHONE_VERIFIED)) {
			return authorities;
		}
		List<String> result = new ArrayList<>(authorities);
		result.add(PHONE_VERIFIED);
		return result;
	}

	private record UserKey(String appId, String openid) {
	}

}
