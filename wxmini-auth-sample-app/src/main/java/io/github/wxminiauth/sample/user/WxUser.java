package io.github.wxminiauth.sample.user;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A mini-program user. The unique constraint on (app_id, openid) is what keeps racing first logins
 * from creating the same user twice; the one on (app_id, account_id) keeps a
 * {@link MemberAccount} linked to at most one openid of each mini program.
 */
@Entity
@Table(name = "wx_user",
		uniqueConstraints = {
				@UniqueConstraint(name = "uk_wx_user_app_openid", columnNames = { "app_id", "openid" }),
				@UniqueConstraint(name = "uk_wx_user_app_account", columnNames = { "app_id", "account_id" }) })
public class WxUser {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(name = "app_id", nullable = false, length = 64)
	private String appId;

	@Column(name = "openid", nullable = false, length = 128)
	private String openid;

	@Column(name = "unionid", length = 128)
	private @Nullable String unionid;

	@Column(name = "nickname", length = 64)
	private @Nullable String nickname;

	@Column(name = "avatar_url", length = 512)
	private @Nullable String avatarUrl;

	@Column(name = "phone_number", length = 32)
	private @Nullable String phoneNumber;

	@Column(name = "pure_phone_number", length = 32)
	private @Nullable String purePhoneNumber;

	@Column(name = "country_code", length = 8)
	private @Nullable String countryCode;

	/**
	 * The {@link MemberAccount} this mini-program identity is linked to, or {@code null} for a user
	 * who exists only in the mini program.
	 */
	@Column(name = "account_id")
	private @Nullable Long accountId;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "last_login_at", nullable = false)
	private Instant lastLoginAt;

	/**
	 * Until when the user is disabled; {@code null} when they are not. A ban without an end is the
	 * last instant of year 9999, which every database's timestamp can hold.
	 */
	@Column(name = "disabled_until")
	private @Nullable Instant disabledUntil;

	/** Authorities an administrator granted, comma-separated. */
	@Column(name = "granted_authorities", length = 512)
	private @Nullable String grantedAuthorities;

	/** Authorities an administrator took away, comma-separated; they win over every other rule. */
	@Column(name = "revoked_authorities", length = 512)
	private @Nullable String revokedAuthorities;

	/**
	 * For JPA.
	 */
	protected WxUser() {
	}

	/**
	 * A user logging in for the first time.
	 * @param appId the mini program's AppID
	 * @param openid the openid
	 * @param unionid the unionid, when known
	 * @param now the time of the first login
	 */
	public WxUser(String appId, String openid, @Nullable String unionid, Instant now) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		Assert.notNull(now, "now must not be null");
		this.appId = appId;
		this.openid = openid;
		this.unionid = unionid;
		this.createdAt = now;
		this.lastLoginAt = now;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public String getAppId() {
		return this.appId;
	}

	public String getOpenid() {
		return this.openid;
	}

	public @Nullable String getUnionid() {
		return this.unionid;
	}

	public @Nullable String getNickname() {
		return this.nickname;
	}

	public @Nullable String getAvatarUrl() {
		return this.avatarUrl;
	}

	public @Nullable String getPhoneNumber() {
		return this.phoneNumber;
	}

	public @Nullable String getPurePhoneNumber() {
		return this.purePhoneNumber;
	}

	public @Nullable String getCountryCode() {
		return this.countryCode;
	}

	public @Nullable Long getAccountId() {
		return this.accountId;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getLastLoginAt() {
		return this.lastLoginAt;
	}

	public @Nullable Instant getDisabledUntil() {
		return this.disabledUntil;
	}

	public List<String> getGrantedAuthorities() {
		return split(this.grantedAuthorities);
	}

	public List<String> getRevokedAuthorities() {
		return split(this.revokedAuthorities);
	}

	/**
	 * Grants and takes away authorities; a later change wins over an earlier one.
	 * @param add authorities to grant
	 * @param remove authorities to take away
	 */
	void changeAuthorities(List<String> add, List<String> remove) {
		Set<String> granted = new LinkedHashSet<>(getGrantedAuthorities());
		Set<String> revoked = new LinkedHashSet<>(getRevokedAuthorities());
		granted.addAll(add);
		revoked.removeAll(add);
		granted.removeAll(remove);
		revoked.addAll(remove);
		this.grantedAuthorities = join(granted);
		this.revokedAuthorities = join(revoked);
	}

	private static List<String> split(@Nullable String authorities) {
		return (authorities == null || authorities.isEmpty()) ? List.of() : List.of(authorities.split(","));
	}

	private static @Nullable String join(Set<String> authorities) {
		return authorities.isEmpty() ? null : String.join(",", authorities);
	}

	void disable(Instant until) {
		this.disabledUntil = until;
	}

	void enable() {
		this.disabledUntil = null;
	}

	/**
	 * Records a login, and the unionid if WeChat now reports one (it appears once the mini program
	 * is bound to an Open Platform account).
	 * @param unionid the unionid WeChat returned with this login, or {@code null}
	 * @param now the time of the login
	 */
	void recordLogin(@Nullable String unionid, Instant now) {
		if (unionid != null && !unionid.equals(this.unionid)) {
			this.unionid = unionid;
		}
		this.lastLoginAt = now;
	}

	/**
	 * Links this mini-program identity to an account of the application's own.
	 * @param accountId the account
	 */
	void linkTo(Long accountId) {
		Assert.notNull(accountId, "accountId must not be null");
		this.accountId = accountId;
	}

	void bindPhoneNumber(String phoneNumber, String purePhoneNumber, String countryCode) {
		this.phoneNumber = phoneNumber;
		this.purePhoneNumber = purePhoneNumber;
		this.countryCode = countryCode;
	}

	@Override
	public String toString() {
		return "WxUser[id=" + this.id + ", appId=" + this.appId + ", openid=" + this.openid + "]";
	}

}
