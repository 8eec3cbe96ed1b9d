package io.github.wxminiauth.wechat.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.util.DefaultUriBuilderFactory;
import org.springframework.web.util.UriUtils;

/**
 * Expands the client's URI templates ({@code /sns/jscode2session?appid={appid}&...}): the base URL,
 * the template's literal text as it is, and every variable strictly encoded — everything but RFC
 * 3986's unreserved characters is percent-encoded, so a hostile value cannot add or change a
 * query parameter.
 * <p>
 * The result is the URI that {@link DefaultUriBuilderFactory} builds in {@code VALUES_ONLY} mode.
 * It exists because that factory, used through {@code RestClient.uri(template, variables)}, parses
 * the base URL and the template into {@code UriComponents} twice on every call (once to expand,
 * once to record the template for observations): about 8 % of a login's CPU in the benchmark. Here
 * a template is split into its literal parts once, and expanding it is string concatenation.
 */
final class StrictUriTemplates {

	/**
	 * Templates kept parsed. The client expands only its own few constant templates; the bound
	 * keeps a caller that passes ever-new strings from growing the map.
	 */
	private static final int MAX_TEMPLATES = 32;

	private final String baseUrl;

	private final ConcurrentMap<String, Template> templates = new ConcurrentHashMap<>();

	/**
	 * Creates the expander.
	 * @param baseUrl prepended to templates that start with {@code /}; without a trailing slash
	 */
	StrictUriTemplates(String baseUrl) {
		Assert.hasText(baseUrl, "baseUrl must not be empty");
		Assert.isTrue(!baseUrl.endsWith("/"), "baseUrl must not end with '/'");
		this.baseUrl = baseUrl;
	}

	/**
	 * Expands a template.
	 * @param uriTemplate a path template with {@code {name}} variables, or an absolute one
	 * @param variables a value for every variable; {@code null} expands to nothing
	 * @return the absolute URI
	 * @throws IllegalArgumentException if a variable has no value
	 */
	URI expand(String uriTemplate, Map<String, ? extends @Nullable Object> variables) {
		Template template = template(uriTemplate);
		StringBuilder uri = new StringBuilder(this.baseUrl.length() + uriTemplate.length() + 128);
		if (uriTemplate.startsWith("/")) {
			uri.append(this.baseUrl);
		}
		for (int i = 0; i < template.names.size(); i++) {
			String name = template.names.get(i);
			if (!variables.containsKey(name)) {
				throw new IllegalArgumentException("Map has no value for '" + name + "'");
			}
			uri.append(template.literals.get(i)).append(encode(variables.get(name)));
		}
		return URI.create(uri.append(template.literals.get(template.names.size())).toString());
	}

	private Template template(String uriTemplate) {
		Template template = this.templates.get(uriTemplate);
		if (template != null) {
			return template;
		}
		template = Template.parse(uriTemplate);
		if (this.templates.size() < MAX_TEMPLATES) {
			this.templates.putIfAbsent(uriTemplate, template);
		}
		return template;
	}

	private static String encode(@Nullable Object value) {
		return (value != null) ? UriUtils.encode(value.toString(), StandardCharsets.UTF_8) : "";
	}

	/**
	 * A template split at its variables: {@code literals.size() == names.size() + 1}.
	 */
	private record Template(List<String> literals, List<String> names) {

		static Template parse(String template) {
			List<String> literals = new ArrayList<>();
			List<String> names = new ArrayList<>();
			int from = 0;
			int open = template.indexOf('{');
			while (open >= 0) {
				int close = template.indexOf('}', open);
				Assert.isTrue(close > open + 1, () -> "Malformed URI template: " + template);
				literals.add(template.substring(from, open));
				names.add(template.substring(open + 1, close));
				from = close + 1;
				open = template.indexOf('{', from);
			}
			literals.add(template.substring(from));
			return new Template(List.copyOf(literals), List.copyOf(names));
		}

	}

}
