package io.github.wxminiauth.sample.apps;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wxminiauth.sample.web.Problems;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators only: the mini programs this backend serves, and adding, re-keying and removing
 * those kept in the {@code mini_program} table. After each change the starter's registry is
 * reloaded, so the change holds on this instance at once (and on the others within
 * {@code wxmini.app-source.refresh-interval}). No answer ever contains an AppSecret.
 */
@RestController
@PreAuthorize("hasRole('ADMIN')")
class AppsAdminController {

	private static final Pattern APP_ID = Pattern.compile("wx[0-9A-Za-z]{16}");

	private static final Pattern SECRET = Pattern.compile("[\\x21-\\x7e]{1,128}");

	private final MiniProgramRepository repository;

	private final WxAppRegistry apps;

	private final Clock clock;

	AppsAdminController(MiniProgramRepository repository, WxAppRegistry apps, ObjectProvider<Clock> clock) {
		this.repository = repository;
		this.apps = apps;
		this.clock = clock.getIfUnique(Clock::systemUTC);
	}

	@GetMapping("/api/admin/apps")
	Map<String, List<AppSummary>> list() {
		Set<String> inDatabase = this.repository.findAll()
			.stream()
			.map(MiniProgram::getAppId)
			.collect(Collectors.toSet());
		return Map.of("apps",
				this.apps.apps().stream().map((app) -> summary(app, inDatabase.contains(app.appId()))).toList());
	}

	@PostMapping("/api/admin/apps")
	ResponseEntity<?> add(@RequestBody NewApp app) {
		String invalid = app.problem();
		if (invalid != null) {
			return Problems.invalidRequest(invalid);
		}
		if (this.apps.find(app.appId()) != null || this.repository.existsByAppId(app.appId())) {
			return conflict();
		}
		try {
			this.repository.save(new MiniProgram(app.appId(), app.name(), app.appSecret(), seconds(app.accessTokenTtl()),
					seconds(app.refreshTokenTtl()), this.clock.instant()));
		}
		catch (DataIntegrityViolationException ex) {
			// Added by someone else in the meantime: the unique key on app_id said so.
			return conflict();
		}
		this.apps.reload();
		WxApp served = this.apps.find(app.appId());
		return ResponseEntity.created(URI.create("/api/admin/apps/" + app.appId()))
			.body((served != null) ? summary(served, true) : null);
	}

	@PutMapping("/api/admin/apps/{appId}/secret")
	ResponseEntity<?> changeSecret(@PathVariable String appId, @RequestBody NewSecret secret) {
		String unknown = Problems.unknownMembers(secret.unknown());
		if (unknown != null) {
			return Problems.invalidRequest(unknown);
		}
		if (secret.appSecret() == null || !SECRET.matcher(secret.appSecret()).matches()) {
			return Problems.invalidRequest("'app_secret' must be 1 to 128 printable characters");
		}
		MiniProgram row = this.repository.findByAppId(appId).orElse(null);
		if (row == null) {
			return notFound();
		}
		row.changeSecret(secret.appSecret());
		this.repository.save(row);
		this.apps.reload();
		return ResponseEntity.noContent().build();
	}

	/**
	 * Stops serving the mini program: its logins are refused, and its users' tokens stop working.
	 */
	@DeleteMapping("/api/admin/apps/{appId}")
	ResponseEntity<?> remove(@PathVariable String appId) {
		MiniProgram row = this.repository.findByAppId(appId).orElse(null);
		if (row == null) {
			return notFound();
		}
		this.repository.delete(row);
		this.apps.reload();
		return ResponseEntity.noContent().build();
	}

	private static AppSummary summary(WxApp app, boolean inDatabase) {
		return new AppSummary(app.appId(), app.name(), seconds(app.accessTokenTtl()), seconds(app.refreshTokenTtl()),
				inDatabase ? "database" : "configuration");
	}

	private static @Nullable Long seconds(@Nullable Duration ttl) {
		return (ttl != null) ? ttl.toSeconds() : null;
	}

	private static @Nullable Duration seconds(@Nullable Long ttl) {
		return (ttl != null) ? Duration.ofSeconds(ttl) : null;
	}

	private static ResponseEntity<?> notFound() {
		return Problems.of(HttpStatus.NOT_FOUND, "not_found", "No such mini program in the database");
	}

	private static ResponseEntity<?> conflict() {
		return Problems.of(HttpStatus.CONFLICT, "conflict", "This mini program is served already");
	}

	/**
	 * A mini program to add; the lifetimes in seconds, absent for the global ones. Members it
	 * does not know are collected in {@code unknown}, and refused.
	 */
	record NewApp(@JsonProperty("app_id") @Nullable String appId, @Nullable String name,
			@JsonProperty("app_secret") @Nullable String appSecret,
			@JsonProperty("access_token_ttl") @Nullable Long accessTokenTtl,
			@JsonProperty("refresh_token_ttl") @Nullable Long refreshTokenTtl,
			@JsonAnySetter @Nullable Map<String, Object> unknown) {

		@Nullable String problem() {
			String unknownMembers = Problems.unknownMembers(this.unknown);
			if (unknownMembers != null) {
				return unknownMembers;
			}
			if (this.appId == null || !APP_ID.matcher(this.appId).matches()) {
				return "'app_id' must be an AppID: wx and 16 letters or digits";
			}
			if (this.name == null || this.name.isBlank() || this.name.length() > 64) {
				return "'name' must be 1 to 64 characters";
			}
			if (this.appSecret == null || !SECRET.matcher(this.appSecret).matches()) {
				return "'app_secret' must be 1 to 128 printable characters";
			}
			if ((this.accessTokenTtl != null && this.accessTokenTtl <= 0)
					|| (this.refreshTokenTtl != null && this.refreshTokenTtl <= 0)) {
				return "token lifetimes must be positive numbers of seconds";
			}
			return null;
		}

		@Override
		public String toString() {
			return "NewApp[appId=" + this.appId + ", name=" + this.name + ", appSecret=******]";
		}

	}

	record NewSecret(@JsonProperty("app_secret") @Nullable String appSecret,
			@JsonAnySetter @Nullable Map<String, Object> unknown) {

		@Override
		public String toString() {
			return "NewSecret[appSecret=******]";
		}

	}

	/**
	 * What an administrator sees of a mini program: never its secret.
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record AppSummary(@JsonProperty("app_id") String appId, String name,
			@JsonProperty("access_token_ttl") @Nullable Long accessTokenTtl,
			@JsonProperty("refresh_token_ttl") @Nullable Long refreshTokenTtl, String source) {
	}

}
