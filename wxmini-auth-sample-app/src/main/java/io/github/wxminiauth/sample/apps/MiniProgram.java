package io.github.wxminiauth.sample.apps;

import java.time.Duration;
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
 * A mini program this backend serves, added at runtime from the admin endpoints: a row of the
 * {@code mini_program} table. A real deployment would encrypt {@code app_secret} at rest (e.g. a
 * JPA attribute converter with a key from a vault); the sample keeps it plain to stay small.
 */
@Entity
@Table(name = "mini_program", uniqueConstraints = @UniqueConstraint(name = "uk_mini_program_app_id",
		columnNames = "app_id"))
public class MiniProgram {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	@Column(name = "app_id", nullable = false, length = 64)
	private String appId;

	@Column(name = "name", nullable = false, length = 64)
	private String name;

	@Column(name = "app_secret", nullable = false, length = 128)
	private String appSecret;

	/** Lifetime of the app's access tokens in seconds; {@code null} for the global one. */
	@Column(name = "access_token_ttl_seconds")
	private @Nullable Long accessTokenTtlSeconds;

	/** Lifetime of the app's refresh tokens in seconds; {@code null} for the global one. */
	@Column(name = "refresh_token_ttl_seconds")
	private @Nullable Long refreshTokenTtlSeconds;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected MiniProgram() {
		// for JPA
		this.appId = "";
		this.name = "";
		this.appSecret = "";
		this.createdAt = Instant.EPOCH;
	}

	MiniProgram(String appId, String name, String appSecret, @Nullable Duration accessTokenTtl,
			@Nullable Duration refreshTokenTtl, Instant createdAt) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(name, "name must not be empty");
		this.appId = appId;
		this.name = name;
		this.createdAt = createdAt;
		this.accessTokenTtlSeconds = (accessTokenTtl != null) ? accessTokenTtl.toSeconds() : null;
		this.refreshTokenTtlSeconds = (refreshTokenTtl != null) ? refreshTokenTtl.toSeconds() : null;
		changeSecret(appSecret);
	}

	void changeSecret(String appSecret) {
		Assert.hasText(appSecret, "appSecret must not be empty");
		this.appSecret = appSecret;
	}

	public String getAppId() {
		return this.appId;
	}

	public String getName() {
		return this.name;
	}

	String getAppSecret() {
		return this.appSecret;
	}

	public @Nullable Duration getAccessTokenTtl() {
		return (this.accessTokenTtlSeconds != null) ? Duration.ofSeconds(this.accessTokenTtlSeconds) : null;
	}

	public @Nullable Duration getRefreshTokenTtl() {
		return (this.refreshTokenTtlSeconds != null) ? Duration.ofSeconds(this.refreshTokenTtlSeconds) : null;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	@Override
	public String toString() {
		return "MiniProgram[appId=" + this.appId + ", name=" + this.name + ", appSecret=******]";
	}

}
