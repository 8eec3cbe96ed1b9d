package io.github.wxminiauth.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key pairs generated for a test run, and the PEM files and key stores the starter reads them
 * from, in a temporary directory that is removed when the JVM exits.
 */
public final class TestKeys {

	private final Path directory;

	public TestKeys() {
		try {
			this.directory = Files.createTempDirectory("wxmini-keys-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.directory.toFile().deleteOnExit();
	}

	public Path directory() {
		return this.directory;
	}

	public static KeyPair ec(String curve) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec(curve));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static KeyPair p256() {
		return ec("secp256r1");
	}

	public static KeyPair rsa(int bits) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(bits);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String pem(String label, byte[] der) {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
	}

	/**
	 * Writes the private key (PKCS#8) and public key (SubjectPublicKeyInfo) as PEM files.
	 * @return the private key's file; the public key's is {@link #publicKeyFile(String)}
	 */
	public Path writePem(String name, KeyPair pair) {
		write(name + ".pub.pem", pem("PUBLIC KEY", pair.getPublic().getEncoded()));
		return write(name + ".key.pem", pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
	}

	public Path privateKeyFile(String name) {
		return this.directory.resolve(name + ".key.pem");
	}

	public Path publicKeyFile(String name) {
		return this.directory.resolve(name + ".pub.pem");
	}

	public Path write(String fileName, String content) {
		Path file = this.directory.resolve(fileName);
		try {
			Files.writeString(file, content, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		file.toFile().deleteOnExit();
		return file;
	}

	/**
	 * Creates a key store with a key pair and a self-signed certificate under {@code alias}, with
	 * the JDK's keytool.
	 * @param keyAlgorithm keytool's key arguments, e.g. {@code "EC", "-groupname", "secp256r1"}
	 */
	public Path keystore(String fileName, String type, String alias, String password, String... keyAlgorithm) {
		return keystoreWithKeyPassword(fileName, type, alias, password, password, keyAlgorithm);
	}

	/**
	 * Creates a key store whose private key has a password of its own (JKS only: keytool gives a
	 * PKCS12 entry the store's password whatever it is told).
	 * @param keyAlgorithm keytool's key arguments, e.g. {@code "EC", "-groupname", "secp256r1"}
	 */
	public Path keystoreWithKeyPassword(String fileName, String type, String alias, String password,
			String keyPassword, String... keyAlgorithm) {
		Path file = this.directory.resolve(fileName);
		List<String> arguments = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg"));
		arguments.addAll(List.of(keyAlgorithm));
		arguments.addAll(List.of("-dname", "CN=wxmini-test", "-validity", "2", "-keystore", file.toString(),
				"-storetype", type, "-storepass", password, "-keypass", keyPassword));
		keytool(arguments);
		file.toFile().deleteOnExit();
		return file;
	}

	/**
	 * Exports the certificate of a key store entry as PEM.
	 */
	public Path exportCertificate(Path keystore, String type, String alias, String password, String fileName) {
		Path file = this.directory.resolve(fileName);
		keytool(List.of("-exportcert", "-rfc", "-alias", alias, "-file", file.toString(), "-keystore",
				keystore.toString(), "-storetype", type, "-storepass", password));
		file.toFile().deleteOnExit();
		return file;
	}

	/**
	 * Imports a PEM certificate as a trusted certificate entry (no private key).
	 */
	public void importCertificate(Path keystore, String type, String alias, String password, Path certificate) {
		keytool(List.of("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(), "-keystore",
				keystore.toString(), "-storetype", type, "-storepass", password));
		keystore.toFile().deleteOnExit();
	}

	private static void keytool(List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(arguments);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("keytool failed: " + out);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
