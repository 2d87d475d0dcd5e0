//! Command-line arguments: a command, positional arguments and a few named options.

/// Parsed arguments.
#[derive(Debug, Default)]
pub struct Args {
    /// The command (`check`, `test`, ...); `help` when asked for help.
    pub command: String,
    /// Positional arguments after the command.
    pub positional: Vec<String>,
    /// `--rules DIR`.
    pub rules: Option<String>,
    /// `--overlay FILE`, in order.
    pub overlays: Vec<String>,
    /// `--direction D`.
    pub direction: Option<String>,
    /// `-o FILE` / `--output FILE`.
    pub output: Option<String>,
    /// `--examples N`.
    pub examples: usize,
    /// `--json`.
    pub json: bool,
}

impl Args {
    /// Parses `argv` (without the program name).
    pub fn parse(argv: &[String]) -> Result<Args, String> {
        let mut args = Args::default();
        let mut rest = argv.iter();
        while let Some(arg) = rest.next() {
            let mut value = |name: &str| rest.next().cloned().ok_or(format!("`{name}` needs a value"));
            match arg.as_str() {
                "-h" | "--help" => args.command = "help".to_string(),
                "--rules" => args.rules = Some(value(arg)?),
                "--overlay" => args.overlays.push(value(arg)?),
                "--direction" => args.direction = Some(value(arg)?),
                "-o" | "--output" => args.output = Some(value(arg)?),
                "--examples" => {
                    let n = value(arg)?;
                    args.examples = n.parse().map_err(|_| format!("`--examples` needs a number, not `{n}`"))?;
                }
                "--json" => args.json = true,
                "--" => args.positional.extend(rest.by_ref().cloned()),
                flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
                word if args.command.is_empty() => args.command = word.to_string(),
                word => args.positional.push(word.to_string()),
            }
        }
        if args.command.is_empty() {
            args.command = "help".to_string();
        }
        Ok(args)
    }
}
