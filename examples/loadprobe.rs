fn main() {
    let rules = tumar::Rules::builtin().unwrap();
    let bundle = rules.to_bundle();
    let t = std::time::Instant::now();
    for _ in 0..200 { std::hint::black_box(tumar::Rules::from_bundle(&bundle).unwrap()); }
    eprintln!("{:?}", t.elapsed() / 200);
}
