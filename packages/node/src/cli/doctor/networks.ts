import { afliteDoctor } from '../../clients/aflite/doctor';
import { avantlinkDoctor } from '../../clients/avantlink/doctor';
import type { NetworkDoctor } from '../../clients/network-doctor';

/** Every network the doctor knows, in core's order: each one's checks live in its own folder. */
export const NETWORK_DOCTORS: readonly NetworkDoctor[] = [avantlinkDoctor, afliteDoctor];
