package io.github.wxminiauth.sample.user;

import java.time.Instant;

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
 * An account of the application's own account system, which knows its members by their phone
 * number: members who registered on the web or in an app before the mini program existed. A
 * member's first one-tap phone login in a mini program links their mini-program identity
 * ({@link WxUser}) to their account; the unique constraint on the number keeps one account per
 * number.
 */
@Entity
@Table(name = "member_account", uniqueConstraints = @UniqueConstraint(name = "uk_member_account_phone",
		columnNames = { "country_code", "pure_phone_number" }))
public class MemberAccount {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(name = "country_code", nullable = false, length = 8)
	private String countryCode;

	@Column(name = "pure_phone_number", nullable = false, length = 32)
	private String purePhoneNumber;

	@Column(name = "display_name", nullable = false, length = 64)
	private String displayName;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	/**
	 * For JPA.
	 */
	protected MemberAccount() {
	}

	/**
	 * An account registered outside the mini program.
	 * @param countryCode the country code of its phone number, e.g. {@code 86}
	 * @param purePhoneNumber the phone number without country code
	 * @param displayName the member's name
	 * @param now when the account was registered
	 */
	public MemberAccount(String countryCode, String purePhoneNumber, String displayName, Instant now) {
		Assert.hasText(countryCode, "countryCode must not be empty");
		Assert.hasText(purePhoneNumber, "purePhoneNumber must not be empty");
		Assert.hasText(displayName, "displayName must not be empty");
		Assert.notNull(now, "now must not be null");
		this.countryCode = countryCode;
		this.purePhoneNumber = purePhoneNumber;
		this.displayName = displayName;
		this.createdAt = now;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public String getCountryCode() {
		return this.countryCode;
	}

	public String getPurePhoneNumber() {
		return this.purePhoneNumber;
	}

	public String getDisplayName() {
		return this.displayName;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	@Override
	public String toString() {
		return "MemberAccount[id=" + this.id + "]";
	}

}
