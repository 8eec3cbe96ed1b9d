package io.github.wxminiauth.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.wxminiauth.token.internal.JsonWebKeys;
import io.github.wxminiauth.token.JwsAlgorithm;
import io.github.wxminiauth.token.JwtSigningKey;
import io.github.wxminiauth.token.JwtSigningKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.core.io.Resource;
import org.springframework.util.StreamUtils;

/**
 * Reads the asymmetric keys of {@code wxmini.jwt.keys} (PEM files with Spring Boot's
 * {@link PemContent}, as SSL bundles read them, or key store entries with the JDK's
 * {@link KeyStore}) and checks them, naming the property to fix.
 */
final class JwtSigningKeysFactory {

	private static final String KEYS = "wxmini.jwt.keys";

	/** The public-key PEM blocks, which Spring Boot's PEM support does not read. */
	private static final Pattern PUBLIC_KEY = Pattern
		.compile("-----BEGIN ((?:RSA )?PUBLIC KEY)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

	/** {@code AlgorithmIdentifier} of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
	private static final byte[] RSA_ALGORITHM_IDENTIFIER = { 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48,
			(byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00 };

	/** Key types a PKCS#8 or SubjectPublicKeyInfo structure is tried as. */
	private static final List<String> KEY_TYPES = List.of("EC", "RSA");

	private JwtSigningKeysFactory() {
	}

	static JwtSigningKeys create(WxMiniProperties.Jwt jwt) {
		JwsAlgorithm algorithm = jwt.algorithm();
		if (jwt.secret() != null && !jwt.secret().isEmpty()) {
			throw new InvalidConfigurationPropertyValueException("wxmini.jwt.secret", "******",
					"wxmini.jwt.secret is only used with wxmini.jwt.algorithm=HS256, but the algorithm is "
							+ algorithm + ": remove the secret (tokens are signed with wxmini.jwt.keys).");
		}
		if (jwt.keys().isEmpty()) {
			throw new InvalidConfigurationPropertyValueException(KEYS, null, "wxmini.jwt.algorithm=" + algorithm
					+ " needs at least one key in wxmini.jwt.keys (private-key and public-key, or keystore.*).");
		}
		List<JwtSigningKey> keys = new ArrayList<>();
		Map<String, Integer> indexById = new HashMap<>();
		int active = -1;
		for (int i = 0; i < jwt.keys().size(); i++) {
			WxMiniProperties.Jwt.Key properties = jwt.keys().get(i);
			String prefix = KEYS + "[" + i + "]";
			JwtSigningKey key = read(algorithm, properties, prefix);
			Integer other = indexById.putIfAbsent(key.keyId(), i);
			if (other != null) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".kid", key.keyId(),
						"kid '" + key.keyId() + "' of " + prefix + " repeats that of " + KEYS + "[" + other
								+ "]: every key needs its own kid (and the same key must not be listed twice).");
			}
			if (properties.active()) {
				if (active >= 0) {
					throw new InvalidConfigurationPropertyValueException(prefix + ".active", "true",
							"Only one key may be active, but " + KEYS + "[" + active + "] and " + prefix
									+ " both are.");
				}
				active = i;
			}
			keys.add(key);
		}
		int signing = Math.max(active, 0);
		JwtSigningKey signingKey = keys.get(signing);
		if (!signingKey.canSign()) {
			String prefix = KEYS + "[" + signing + "]";
			String property = (jwt.keys().get(signing).keystore() != null) ? prefix + ".keystore.alias"
					: prefix + ".private-key";
			throw new InvalidConfigurationPropertyValueException(property, null,
					prefix + " signs new tokens (it is " + ((active >= 0) ? "marked active" : "the first key")
							+ "), so it needs a private key.");
		}
		return new JwtSigningKeys(algorithm, keys, signingKey.keyId());
	}

	private static JwtSigningKey read(JwsAlgorithm algorithm, WxMiniProperties.Jwt.Key properties, String prefix) {
		boolean pem = properties.privateKey() != null || properties.publicKey() != null;
		PublicKey publicKey;
		PrivateKey privateKey;
		if (pem && properties.keystore() != null) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".keystore.location", null,
					prefix + " sets both PEM files (private-key, public-key) and a keystore: choose one.");
		}
		if (properties.keystore() != null) {
			KeyPair pair = fromKeystore(properties.keystore(), prefix + ".keystore");
			publicKey = pair.publicKey();
			privateKey = pair.privateKey();
		}
		else if (pem) {
			if (properties.publicKey() == null) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".public-key", null,
						prefix + ".public-key is required: the public key (or a certificate) is what verifies "
								+ "tokens and what the JWK Set publishes.");
			}
			publicKey = readPublicKey(properties.publicKey(), prefix + ".public-key");
			privateKey = (properties.privateKey() != null) ? readPrivateKey(properties.privateKey(),
					properties.privateKeyPassword(), prefix + ".private-key", prefix + ".private-key-password") : null;
		}
		else {
			throw new InvalidConfigurationPropertyValueException(prefix, null, prefix
					+ " names no key: set public-key (and private-key for the key that signs), or keystore.location.");
		}
		String kid = (properties.kid() != null && !properties.kid().isBlank()) ? properties.kid()
				: JsonWebKeys.thumbprint(publicKey);
		JwtSigningKey key = new JwtSigningKey(kid, publicKey, privateKey);
		try {
			JsonWebKeys.check(algorithm, key);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(prefix, null, prefix + " does not fit wxmini.jwt.algorithm="
					+ algorithm + ": " + ex.getMessage() + ".");
		}
		return key;
	}

	private static PublicKey readPublicKey(Resource resource, String property) {
		String text = readPemText(resource, property);
		// Spring Boot reads certificates and private keys from PEM, not bare public keys: the two
		// public-key forms are read here.
		Matcher publicKey = PUBLIC_KEY.matcher(text);
		if (publicKey.find()) {
			byte[] der = base64(publicKey.group(2), property, resource);
			byte[] spki = publicKey.group(1).equals("RSA PUBLIC KEY") ? rsaSubjectPublicKeyInfo(der) : der;
			return generatePublic(new X509EncodedKeySpec(spki), property, resource);
		}
		List<X509Certificate> certificates;
		try {
			certificates = PemContent.of(text).getCertificates();
		}
		catch (RuntimeException ex) {
			throw invalid(property, resource, "is not a readable X.509 certificate");
		}
		if (certificates == null || certificates.isEmpty()) {
			throw invalid(property, resource, "holds no \"PUBLIC KEY\", \"RSA PUBLIC KEY\" or \"CERTIFICATE\"");
		}
		return certificates.get(0).getPublicKey();
	}

	/**
	 * Reads a private key with Spring Boot's PEM support, as SSL bundles do: PKCS#8, encrypted
	 * PKCS#8, PKCS#1 and SEC1.
	 */
	private static PrivateKey readPrivateKey(Resource resource, @Nullable String password, String property,
			String passwordProperty) {
		String text = readPemText(resource, property);
		boolean encrypted = text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");
		if (encrypted && (password == null || password.isEmpty())) {
			throw new InvalidConfigurationPropertyValueException(passwordProperty, null,
					property + " (" + resource.getDescription() + ") is encrypted: set " + passwordProperty + ".");
		}
		PrivateKey key;
		try {
			key = PemContent.of(text).getPrivateKey(encrypted ? password : null);
		}
		catch (RuntimeException ex) {
			// Boot's messages are not passed on: they may quote the file.
			if (encrypted) {
				throw new InvalidConfigurationPropertyValueException(passwordProperty, "******",
						property + " (" + resource.getDescription() + ") could not be decrypted with "
								+ passwordProperty + ".");
			}
			throw invalid(property, resource, "holds a private key that could not be read");
		}
		if (key == null) {
			throw invalid(property, resource, "holds no private key (\"PRIVATE KEY\", \"ENCRYPTED PRIVATE KEY\", "
					+ "\"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\")");
		}
		return key;
	}

	private static PublicKey generatePublic(X509EncodedKeySpec spec, String property, Resource resource) {
		for (String type : KEY_TYPES) {
			try {
				return KeyFactory.getInstance(type).generatePublic(spec);
			}
			catch (GeneralSecurityException ex) {
				// Not a key of this type: try the next one.
			}
		}
		throw invalid(property, resource, "holds no EC or RSA key the JDK can read");
	}

	/** Wraps a PKCS#1 {@code RSAPublicKey} in the SubjectPublicKeyInfo the JDK reads. */
	private static byte[] rsaSubjectPublicKeyInfo(byte[] pkcs1) {
		byte[] bitString = new byte[pkcs1.length + 1];
		System.arraycopy(pkcs1, 0, bitString, 1, pkcs1.length);
		return der(0x30, RSA_ALGORITHM_IDENTIFIER, der(0x03, bitString));
	}

	private static byte[] der(int tag, byte[]... contents) {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		for (byte[] part : contents) {
			content.writeBytes(part);
		}
		int length = content.size();
		ByteArrayOutputStream out = new ByteArrayOutputStream(length + 4);
		out.write(tag);
		if (length < 0x80) {
			out.write(length);
		}
		else if (length < 0x100) {
			out.write(0x81);
			out.write(length);
		}
		else {
			out.write(0x82);
			out.write(length >> 8);
			out.write(length & 0xff);
		}
		out.writeBytes(content.toByteArray());
		return out.toByteArray();
	}

	private static byte[] base64(String text, String property, Resource resource) {
		try {
			return Base64.getMimeDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(property, resource, "holds a PEM block that is not valid base64");
		}
	}

	private static String readPemText(Resource resource, String property) {
		if (!resource.exists()) {
			throw invalid(property, resource, "does not exist");
		}
		String text;
		try (InputStream in = resource.getInputStream()) {
			text = StreamUtils.copyToString(in, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw invalid(property, resource, "could not be read (" + ex.getClass().getSimpleName() + ")");
		}
		if (!PemContent.isPresentInText(text)) {
			throw invalid(property, resource, "is not a PEM file (no \"-----BEGIN ...-----\" block)");
		}
		return text;
	}

	private static KeyPair fromKeystore(WxMiniProperties.Jwt.Keystore properties, String prefix) {
		Resource location = properties.location();
		if (location == null) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".location", null,
					prefix + ".location is required.");
		}
		if (properties.alias() == null || properties.alias().isBlank()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".alias", null,
					prefix + ".alias is required: name the entry of the key store that holds the key.");
		}
		if (!location.exists()) {
			throw invalid(prefix + ".location", location, "does not exist");
		}
		char[] password = (properties.password() != null) ? properties.password().toCharArray() : null;
		KeyStore store;
		try {
			store = KeyStore.getInstance(properties.type());
		}
		catch (GeneralSecurityException ex) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".type", properties.type(),
					"Unknown key store type '" + properties.type() + "': use PKCS12 or JKS.");
		}
		try (InputStream in = location.getInputStream()) {
			store.load(in, password);
		}
		catch (IOException ex) {
			if (ex.getCause() instanceof UnrecoverableKeyException) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".password", "******",
						prefix + ".location (" + location.getDescription()
								+ ") could not be opened with " + prefix + ".password.");
			}
			throw invalid(prefix + ".location", location,
					"is not a " + properties.type() + " key store (" + ex.getClass().getSimpleName() + ")");
		}
		catch (GeneralSecurityException ex) {
			throw invalid(prefix + ".location", location, "could not be read (" + ex.getClass().getSimpleName() + ")");
		}
		String alias = properties.alias();
		try {
			if (!store.containsAlias(alias)) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".alias", alias,
						"The key store " + location.getDescription() + " has no entry '" + alias + "'.");
			}
			Certificate certificate = store.getCertificate(alias);
			if (certificate == null) {
				throw new InvalidConfigurationPropertyValueException(prefix + ".alias", alias,
						"Entry '" + alias + "' has no certificate, so its public key is unknown.");
			}
			PrivateKey privateKey = null;
			if (store.isKeyEntry(alias)) {
				String keyPassword = (properties.keyPassword() != null) ? properties.keyPassword()
						: properties.password();
				Key key = store.getKey(alias, (keyPassword != null) ? keyPassword.toCharArray() : new char[0]);
				if (!(key instanceof PrivateKey)) {
					throw new InvalidConfigurationPropertyValueException(prefix + ".alias", alias,
							"Entry '" + alias + "' holds no private key.");
				}
				privateKey = (PrivateKey) key;
			}
			return new KeyPair(certificate.getPublicKey(), privateKey);
		}
		catch (UnrecoverableKeyException ex) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".key-password", "******",
					"The private key of entry '" + alias + "' could not be recovered with " + prefix
							+ ".key-password (or, when unset, " + prefix + ".password).");
		}
		catch (GeneralSecurityException ex) {
			throw invalid(prefix + ".location", location, "could not be read (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private static InvalidConfigurationPropertyValueException invalid(String property, Resource resource,
			String problem) {
		return new InvalidConfigurationPropertyValueException(property, resource.getDescription(),
				property + " (" + resource.getDescription() + ") " + problem + ".");
	}

	private record KeyPair(PublicKey publicKey, @Nullable PrivateKey privateKey) {
	}

}
