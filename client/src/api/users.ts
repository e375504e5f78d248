import type { CreateUserInput } from "../../../collab/contract/api/users.ts";
import { usersApi as api } from "../../../collab/contract/api/users.ts";
import { call } from "./call.ts";

export type NewUser = CreateUserInput;

export const listUsers = () => call(api.listUsers);

export const createUser = (input: NewUser) => call(api.createUser, { body: input });

export const resetPassword = (id: string) => call(api.resetPassword, { params: { id } });

export const deactivateUser = (id: string) => call(api.deactivateUser, { params: { id } });

export const activateUser = (id: string) => call(api.activateUser, { params: { id } });

export const makeSsoOnly = (id: string) => call(api.makeSsoOnly, { params: { id } });
