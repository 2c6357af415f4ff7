import { Box } from "@mui/material";
import { useTranslation } from "react-i18next";

// A rule in words as the server writes it (planner/rule_words.h): all of, any of, not, for
// some or every member, each leaf a sentence, or CEL where words fail.
export interface RuleNode {
  all?: RuleNode[];
  any?: RuleNode[];
  not?: RuleNode;
  some_member?: RuleNode;
  every_member?: RuleNode;
  one_member?: RuleNode;
  text?: string;
  code?: string;
}

export default function RuleWords({ node }: { node: RuleNode }) {
  const { t } = useTranslation();
  if (node.text !== undefined) return <>{node.text}</>;
  if (node.code !== undefined) return <Box component="code">{node.code}</Box>;
  const parts = node.all ?? node.any;
  if (parts) {
    return (
      <>
        {t(node.all ? "rule.all" : "rule.any")}
        <ul>
          {parts.map((part, index) => (
            <li key={index}>
              <RuleWords node={part} />
            </li>
          ))}
        </ul>
      </>
    );
  }
  const [kind, inner] = (
    [
      ["not", node.not],
      ["someMember", node.some_member],
      ["everyMember", node.every_member],
      ["oneMember", node.one_member],
    ] as const
  ).find(([, child]) => child !== undefined) ?? ["not", undefined];
  if (!inner) return null;
  return (
    <>
      {t(`rule.${kind}`)} <RuleWords node={inner} />
    </>
  );
}
