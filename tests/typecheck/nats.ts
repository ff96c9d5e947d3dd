// The NATS transport's declarations (the package's `callkit-invite/nats` flavor): options, the transport's type, and that it is a ZegoSignalingTransport.
// Checked by `tsc --strict --noEmit -p tsconfig.json` (root tsconfig); never run.
import { CallKit, NatsSignaling, type NatsSignalingOptions, type ZegoSignalingTransport } from "callkit-invite/nats";

export function natsApp(zp: CallKit, url: string, password: string): Promise<void> {
  const options: NatsSignalingOptions = {
    servers: [url, "wss://nats-2.example.com/ws"],
    user: "alice",
    pass: password,
    subjectPrefix: "acme.calls",
    onError: (error: Error) => console.error(error.message),
  };
  const signaling: NatsSignaling = CallKit.natsSignaling(options);
  const transport: ZegoSignalingTransport = signaling;
  zp.addPlugins({ signaling: transport });
  zp.addPlugins({ signaling: CallKit.natsSignaling({ servers: url, token: "s3cret" }) });
  const unsubscribe: () => void = signaling.subscribe((text: string) => console.log(text.length), { appID: "1", userID: "alice" });
  unsubscribe();
  return signaling.send("{}", { appID: "1", to: ["bob"] });
}

// @ts-expect-error: `servers` is required
CallKit.natsSignaling({ user: "alice" });
