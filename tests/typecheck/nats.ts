// The NATS adapter's declarations (`callkit-invite/nats`, pkg/nats.d.ts): options for each way to
// authenticate, the transport's type, and that it is a ZegoSignalingTransport.
// Checked by `tsc --strict --noEmit -p tsconfig.json` (root tsconfig); never run.
import { CallKit, type ZegoSignalingTransport } from "callkit-invite";
import { MAX_RECIPIENTS, natsSignaling, natsSubject, type NatsSignaling, type NatsSignalingOptions, type NatsSignalingStatus } from "callkit-invite/nats";

export function natsApp(zp: CallKit, url: string, password: string, seed: string, creds: string, jwt: () => string): Promise<void> {
  const options: NatsSignalingOptions = {
    servers: [url, "wss://nats-2.example.com/ws"],
    user: "alice",
    pass: password,
    subjectPrefix: "acme.calls",
    onError: (error: Error) => console.error(error.message),
    onStatus: (status: NatsSignalingStatus) => console.log(status === "connected"),
  };
  const signaling: NatsSignaling = natsSignaling(options);
  const transport: ZegoSignalingTransport = signaling;
  zp.addPlugins({ signaling: transport });
  zp.addPlugins({ signaling: natsSignaling({ servers: url, token: "s3cret" }) });
  zp.addPlugins({ signaling: natsSignaling({ servers: url, nkeySeed: seed }) });
  zp.addPlugins({ signaling: natsSignaling({ servers: url, nkeySeed: seed, jwt }) });
  zp.addPlugins({ signaling: natsSignaling({ servers: url, creds }) });
  const unsubscribe: () => void = signaling.subscribe((text: string) => console.log(text.length), { appID: "1", userID: "alice" });
  unsubscribe();
  // The kit hands a production kit token's server token to subscribe and send.
  signaling.subscribe(() => {}, { appID: "1", userID: "alice", token: "from-the-server" })();
  // Without credentials of its own, the transport logs in with it.
  const kit = CallKit.create(CallKit.generateKitTokenForProduction(1, "from-the-server", null, "alice"));
  kit.addPlugins({ signaling: natsSignaling({ servers: url }) });
  const subject: string = natsSubject("1", "alice", "acme.calls");
  console.log(subject, MAX_RECIPIENTS);
  return signaling.send("{}", { appID: "1", to: ["bob"] });
}

// @ts-expect-error: `servers` is required
natsSignaling({ user: "alice" });
// @ts-expect-error: a status is "connected" or "disconnected"
export const wrong: NatsSignalingStatus = "reconnecting";
// @ts-expect-error: the kit no longer has a NATS transport of its own
CallKit.natsSignaling({ servers: "ws://a" });
